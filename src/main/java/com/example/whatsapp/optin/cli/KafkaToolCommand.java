package com.example.whatsapp.optin.cli;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** A tool that reads or writes one topic of the configured cluster ({@code --topic}, {@code --bootstrap-servers}). */
abstract class KafkaToolCommand implements Callable<Integer> {

    @Mixin
    KafkaOptions kafka;

    @Spec
    CommandSpec spec;
}

package com.example.whatsapp.optin.cli;

import com.example.whatsapp.optin.config.ServiceConfig;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** A command that needs the service's configuration ({@code --config FILE} and the environment) before anything else. */
abstract class ConfiguredCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public final Integer call() throws Exception {
        return call(options.load());
    }

    abstract int call(ServiceConfig config) throws Exception;
}

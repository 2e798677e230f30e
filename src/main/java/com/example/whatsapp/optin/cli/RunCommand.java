package com.example.whatsapp.optin.cli;

import com.example.whatsapp.optin.service.ConsentService;
import com.example.whatsapp.optin.config.ServiceConfig;
import picocli.CommandLine.Command;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

@Command(name = "whatsapp-optin", mixinStandardHelpOptions = true,
        description = "Runs the WhatsApp consent service (with its own Kafka broker unless bootstrap.servers is set).")
public final class RunCommand extends ConfiguredCommand {

    @Override
    int call(ServiceConfig config) throws InterruptedException {
        // Installed before the start, so that a stop while starting closes what exists by then.
        AtomicReference<AutoCloseable> running = new AtomicReference<>();
        CountDownLatch closed = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            AutoCloseable parts = running.getAndSet(null);
            if (parts != null) {
                try {
                    parts.close();
                } catch (Exception e) {
                    spec.commandLine().getErr().println("error: while stopping: " + e.getMessage());
                }
            }
            closed.countDown();
        }, "consent-service-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        ConsentService service;
        try {
            service = ConsentService.start(config, running::set);
        } catch (RuntimeException e) {
            // The start closed what it had created; the hook must not close it again.
            running.set(null);
            throw e;
        }
        spec.commandLine().getOut().println("WhatsApp consent service running: Kafka at " + service.bootstrapServers()
                + (service.embeddedBroker() ? " (embedded, data in " + config.embeddedDataDir().toAbsolutePath() + ")" : "")
                + "; HTTP API at http://localhost:" + service.api().port()
                + ", reading " + config.topics().inbound().name() + " and " + config.topics().settings().name()
                + ", writing " + config.topics().consentEvents().name() + " and " + config.topics().replyCommands().name()
                + ". Ctrl-C stops it.");
        boolean failed = service.awaitStop();
        if (failed) {
            if (running.getAndSet(null) != null) {
                service.close();
            }
            spec.commandLine().getErr().println("error: the consent service stopped after a failure; see the log above");
            return 1;
        }
        closed.await();
        return 0;
    }
}

package com.example.whatsapp.optin.cli;

import com.example.whatsapp.optin.ConsentService;
import com.example.whatsapp.optin.config.ServiceConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

@Command(name = "whatsapp-optin", mixinStandardHelpOptions = true,
        description = "Runs the WhatsApp consent service (with its own Kafka broker unless bootstrap.servers is set).")
public final class RunCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ServiceConfig config = options.load();
        ConsentService service = ConsentService.start(config);
        CountDownLatch closed = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            service.close();
            closed.countDown();
        }, "consent-service-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        spec.commandLine().getOut().println("WhatsApp consent service running: Kafka at " + service.bootstrapServers()
                + (service.embeddedBroker() ? " (embedded, data in " + config.embeddedDataDir().toAbsolutePath() + ")" : "")
                + "; HTTP API at http://localhost:" + service.api().port()
                + ", reading " + config.topics().inbound().name() + " and " + config.topics().settings().name()
                + ", writing " + config.topics().consentEvents().name() + " and " + config.topics().replyCommands().name()
                + ". Ctrl-C stops it.");
        boolean failed = service.awaitStop();
        if (failed) {
            Runtime.getRuntime().removeShutdownHook(hook);
            service.close();
            spec.commandLine().getErr().println("error: the consent service stopped after a failure; see the log above");
            return 1;
        }
        closed.await();
        return 0;
    }
}

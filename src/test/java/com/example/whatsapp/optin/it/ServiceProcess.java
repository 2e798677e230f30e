package com.example.whatsapp.optin.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/** The built jar as a separate JVM process, as an operator runs it. */
final class ServiceProcess {

    static final Path JAR = Path.of("target", "whatsapp-optin.jar");

    final Process process;
    final Path log;

    private ServiceProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    static Path writeConfig(Path dir, Map<String, String> properties) throws IOException {
        Path file = dir.resolve("service.properties");
        Files.writeString(file, properties.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("\n")) + "\n");
        return file;
    }

    /** Starts the jar and waits for its "running" line. */
    static ServiceProcess start(Path workDir, Path config, String logName) throws IOException, InterruptedException {
        return start(workDir, config, logName, Map.of());
    }

    /** Starts the jar with {@code environment} added to this JVM's, and waits for its "running" line. */
    static ServiceProcess start(Path workDir, Path config, String logName, Map<String, String> environment)
            throws IOException, InterruptedException {
        return startUntil(workDir, config, logName, environment, "WhatsApp consent service running");
    }

    /** Starts the jar and waits until its log shows {@code line}. */
    static ServiceProcess startUntil(Path workDir, Path config, String logName, Map<String, String> environment, String line)
            throws IOException, InterruptedException {
        Path log = workDir.resolve(logName);
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-jar", JAR.toAbsolutePath().toString(), "--config", config.toString())
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.readString(log).contains(line)) {
                return new ServiceProcess(process, log);
            }
            if (!process.isAlive()) {
                throw new AssertionError("the service died: " + Files.readString(log));
            }
            Thread.sleep(100);
        }
        process.destroyForcibly();
        throw new AssertionError("the service did not start: " + Files.readString(log));
    }

    /** SIGKILL: no shutdown hook, no commit, no goodbye. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM; true when it exited within the timeout. */
    boolean stop(Duration timeout) throws InterruptedException {
        process.destroy();
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    String log() throws IOException {
        return Files.readString(log);
    }
}

package com.example.whatsapp.optin.service;

import com.example.whatsapp.optin.broker.EmbeddedKafka;
import com.example.whatsapp.optin.broker.TopicSetup;
import com.example.whatsapp.optin.config.ServiceConfig;
import com.example.whatsapp.optin.http.ConsentApi;
import com.example.whatsapp.optin.metrics.ConsentCounters;
import com.example.whatsapp.optin.metrics.WebhookMetrics;
import com.example.whatsapp.optin.query.CommittedChangelog;
import com.example.whatsapp.optin.query.StoreContactQueries;
import com.example.whatsapp.optin.query.StoreDailyStats;
import com.example.whatsapp.optin.query.StoreReviews;
import com.example.whatsapp.optin.records.ReviewStatusWriter;
import com.example.whatsapp.optin.query.StoreSuppression;
import com.example.whatsapp.optin.topology.TopologyNames;
import com.example.whatsapp.optin.settings.SettingsAdmin;
import com.example.whatsapp.optin.records.ConsentRecordValidator;
import com.example.whatsapp.optin.records.ConsentRecordWriter;
import com.example.whatsapp.optin.settings.SettingsReader;
import com.example.whatsapp.optin.settings.SettingsRegistry;
import com.example.whatsapp.optin.webhook.WebhookIngress;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The running service: the embedded broker when no cluster is configured, the topics, and the
 * Kafka Streams client running the consent topology. Started in that order, closed in reverse.
 */
public final class ConsentService implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ConsentService.class);
    static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final ServiceConfig config;
    private final EmbeddedKafka broker;
    private final String bootstrapServers;
    private final SettingsRegistry settings;
    private final SettingsReader settingsReader;
    private final ConsentCounters counters;
    private final KafkaStreams streams;
    private final PrometheusMeterRegistry meters;
    private final KafkaStreamsMetrics streamsMetrics;
    private final JvmGcMetrics gcMetrics;
    private final SettingsAdmin settingsAdmin;
    private final CommittedChangelog contactsChangelog;
    private final ConsentRecordWriter recordWriter;
    private final ReviewStatusWriter reviewStatuses;
    private final ConsentApi api;
    /** Null while the webhook is off. */
    private final WebhookIngress webhook;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicBoolean closing = new AtomicBoolean();
    private volatile boolean failed;
    private volatile boolean hasRun;

    private ConsentService(ServiceConfig config, EmbeddedKafka broker, String bootstrapServers) {
        this.config = config;
        this.broker = broker;
        this.bootstrapServers = bootstrapServers;
        this.meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        this.counters = new ConsentCounters(meters);
        ConsentStreams consent = new ConsentStreams(config, counters, Clock.systemUTC());
        this.settings = consent.settings();
        this.settingsReader = consent.settingsReader(bootstrapServers, e -> {
            failed = true;
            stopped.countDown();
        });
        this.streams = new KafkaStreams(consent.topology(), consent.streamsProperties(bootstrapServers));
        this.streamsMetrics = new KafkaStreamsMetrics(streams);
        streamsMetrics.bindTo(meters);
        new JvmMemoryMetrics().bindTo(meters);
        this.gcMetrics = new JvmGcMetrics();
        gcMetrics.bindTo(meters);
        new ProcessorMetrics().bindTo(meters);
        this.contactsChangelog = new CommittedChangelog(
                TopologyNames.changelogOf(config.applicationId(), TopologyNames.CONTACTS_STORE),
                config.kafkaProperties(bootstrapServers));
        this.settingsAdmin = SettingsAdmin.open(config.kafkaProperties(bootstrapServers), config.topics().settings().name(),
                settings);
        this.recordWriter = ConsentRecordWriter.open(config.kafkaProperties(bootstrapServers),
                config.topics().consentRecords().name(), new ConsentRecordValidator(settings, Clock.systemUTC()));
        ConsentApi.Builder parts = new ConsentApi.Builder(
                new StoreContactQueries(streams, HostInfo.buildFromEndpoint(config.applicationServer()), () -> hasRun,
                        contactsChangelog, config.readToken(), config.lookupWait()),
                settingsAdmin, settings, streams::state, this::ready, meters)
                .recordWriter(recordWriter)
                .stats(new StoreDailyStats(streams, HostInfo.buildFromEndpoint(config.applicationServer()),
                        config.topics().consentEvents().name()));
        this.reviewStatuses = ReviewStatusWriter.open(config.kafkaProperties(bootstrapServers),
                config.topics().consentReviews().name());
        parts.reviews(new StoreReviews(streams, HostInfo.buildFromEndpoint(config.applicationServer()),
                config.topics().consentReviews().name(), config.adminToken()), reviewStatuses);
        if (config.adminToken() != null) {
            parts.adminToken(config.adminToken());
        }
        if (config.readToken() != null) {
            parts.readToken(config.readToken());
        }
        this.webhook = config.webhookAppSecret() == null ? null : WebhookIngress.open(config.webhookAppSecret(),
                config.webhookVerifyToken(), config.kafkaProperties(bootstrapServers), config.topics().inbound().name(),
                config.webhookWriteTimeout(), new WebhookMetrics(meters));
        if (webhook != null) {
            parts.webhook(webhook);
        }
        parts.suppression(new StoreSuppression(streams, HostInfo.buildFromEndpoint(config.applicationServer()),
                config.topics().inbound().name(), config.topics().consentEvents().name()));
        this.api = parts.build();
        if (webhook != null) {
            log.info("Webhook ingress on: signed posts to /webhooks/whatsapp are written to {}", config.topics().inbound().name());
            if (config.webhookVerifyToken() == null) {
                log.warn("optin.webhook.verify-token is not set: Meta's verification handshake answers 403");
            }
        }
        streams.setGlobalStateRestoreListener(new RestoreLog());
        streams.setUncaughtExceptionHandler(exception -> {
            log.error("A stream thread failed; the service stops so that no message is skipped", exception);
            failed = true;
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        streams.setStateListener((newState, oldState) -> {
            if (newState == KafkaStreams.State.RUNNING) {
                hasRun = true;
            }
            if (newState == KafkaStreams.State.ERROR) {
                failed = true;
            }
            if (newState == KafkaStreams.State.ERROR || newState == KafkaStreams.State.NOT_RUNNING
                    || newState == KafkaStreams.State.PENDING_SHUTDOWN) {
                stopped.countDown();
            }
        });
    }

    /** Logs each store partition's restore: how many records, how long. */
    private static final class RestoreLog implements StateRestoreListener {
        private final Map<TopicPartition, Long> started = new ConcurrentHashMap<>();

        @Override
        public void onRestoreStart(TopicPartition partition, String store, long startOffset, long endOffset) {
            started.put(partition, System.nanoTime());
        }

        @Override
        public void onBatchRestored(TopicPartition partition, String store, long batchEndOffset, long restored) {
            // only the totals are logged
        }

        @Override
        public void onRestoreEnd(TopicPartition partition, String store, long restored) {
            Long start = started.remove(partition);
            long millis = start == null ? 0 : (System.nanoTime() - start) / 1_000_000;
            log.info("Restored {} records of store {} from {} in {} ms", restored, store, partition, millis);
        }
    }

    /** Starts everything and returns once Kafka Streams is running (or still rebalancing after the timeout). */
    public static ConsentService start(ServiceConfig config) {
        return start(config, created -> { });
    }

    /**
     * Starts everything, telling {@code created} each part that a stop during the start must close
     * (the embedded broker, then the whole service, which closes the broker too), so that a SIGTERM
     * while starting still leaves the group and stops the broker cleanly.
     */
    public static ConsentService start(ServiceConfig config, Consumer<AutoCloseable> created) {
        String httpHost = config.httpHost();
        EmbeddedKafka broker = null;
        String bootstrap = config.bootstrapServers();
        if (config.startEmbeddedBroker()) {
            broker = EmbeddedKafka.start(config.embeddedPort(), config.embeddedControllerPort(), config.embeddedDataDir());
            created.accept(broker);
            bootstrap = broker.bootstrapServers();
        }
        ConsentService service = null;
        try {
            TopicSetup.prepare(config, bootstrap, config.createTopics());
            service = new ConsentService(config, broker, bootstrap);
            created.accept(service);
            service.startHttp(httpHost, config.httpPort());
            service.loadSettings(config.startupTimeout());
            service.streams.start();
            service.awaitRunning(config.startupTimeout());
            return service;
        } catch (RuntimeException e) {
            if (service != null) {
                service.close();
            } else if (broker != null) {
                broker.close();
            }
            throw e;
        }
    }

    /** Reads the settings topics to their end before any message is processed, as a global store would. */
    private void loadSettings(Duration timeout) {
        settingsReader.start();
        try {
            if (!settingsReader.awaitLoaded(timeout)) {
                throw new IllegalStateException("the settings topics could not be read within " + timeout.toSeconds() + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the settings", e);
        }
    }

    private void startHttp(String host, int port) {
        try {
            api.start(host, port);
        } catch (RuntimeException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof java.net.BindException) {
                    throw new IllegalStateException("port " + port + " is in use: it is the HTTP port (optin.http.port)", e);
                }
            }
            throw e;
        }
    }

    /** Ready to answer: the streams client runs and the settings have loaded. */
    public boolean ready() {
        return streams.state() == KafkaStreams.State.RUNNING && settings.loaded();
    }

    public ConsentApi api() {
        return api;
    }

    private void awaitRunning(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (streams.state() != KafkaStreams.State.RUNNING && System.nanoTime() < deadline) {
            if (streams.state() == KafkaStreams.State.ERROR || streams.state() == KafkaStreams.State.NOT_RUNNING) {
                throw new IllegalStateException("Kafka Streams stopped while starting; see the log above");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public boolean embeddedBroker() {
        return broker != null;
    }

    public ServiceConfig config() {
        return config;
    }

    public KafkaStreams streams() {
        return streams;
    }

    public SettingsRegistry settings() {
        return settings;
    }

    public ConsentCounters counters() {
        return counters;
    }

    /** Blocks until the streams client stops; true when it stopped because of an error. */
    public boolean awaitStop() throws InterruptedException {
        stopped.await();
        return failed;
    }

    /** Closes once: a stop during the start and the start's own clean-up may both call it. */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        api.close();
        if (webhook != null) {
            webhook.close();
        }
        settingsAdmin.close();
        contactsChangelog.close();
        recordWriter.close();
        reviewStatuses.close();
        streamsMetrics.close();
        gcMetrics.close();
        // Leaving the group lets the partitions move at once instead of after the session timeout.
        boolean closed = streams.close(CloseOptions.timeout(CLOSE_TIMEOUT)
                .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
        if (closed) {
            log.info("Kafka Streams stopped: its work is committed and it has left the group");
        } else {
            log.warn("Kafka Streams did not stop within {} s; uncommitted work is redone at the next start",
                    CLOSE_TIMEOUT.toSeconds());
        }
        settingsReader.close();
        if (broker != null) {
            broker.close();
        }
    }
}

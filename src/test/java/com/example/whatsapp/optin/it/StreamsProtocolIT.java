package com.example.whatsapp.optin.it;

import com.example.whatsapp.optin.service.ConsentService;
import com.example.whatsapp.optin.topology.Messages;
import com.example.whatsapp.optin.topology.TopologyNames;
import com.example.whatsapp.optin.kafka.Json;
import com.example.whatsapp.optin.topology.Topics;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.StreamsGroupDescription;
import org.apache.kafka.clients.admin.StreamsGroupMemberDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Streams rebalance protocol (KIP-1071, {@code group.protocol=streams}) on the embedded
 * broker: two instances form a streams group whose standby replicas are set on the group (the
 * client's num.standby.replicas is ignored with this protocol), and run the whole path.
 */
class StreamsProtocolIT {

    private static final long T0 = 1_764_000_000L;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static JsonNode json(byte[] value) {
        try {
            return Json.mapper().readTree(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static HttpResponse<String> get(String url) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> instance(Map<String, String> base, String name) {
        Map<String, String> config = new HashMap<>(base);
        int port = TestKafka.freePort();
        config.put("optin.http.port", String.valueOf(port));
        config.put("application.server", "localhost:" + port);
        config.put("state.dir", TestKafka.tempDir(name).toString());
        return config;
    }

    @Test
    void two_instances_run_the_whole_path_as_a_streams_group_with_a_standby_set_on_the_group() throws Exception {
        Map<String, String> base = TestKafka.isolatedConfig("kip1071");
        base.put("group.protocol", "streams");
        base.put("optin.fleet.instances", "2");
        String group = base.get("application.id");
        Topics topics = TestKafka.topics(base);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers()))) {
            admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.GROUP, group), List.of(
                    new AlterConfigOp(new ConfigEntry("streams.num.standby.replicas", "1"), AlterConfigOp.OpType.SET))))
                    .all().get();
            Map<String, String> first = instance(base, "kip1071-a");
            Map<String, String> second = instance(base, "kip1071-b");
            try (ConsentService a = TestKafka.start(first); ConsentService b = TestKafka.start(second);
                 KafkaProducer<String, String> producer = TestKafka.producer()) {
                TestKafka.send(producer, topics.settings().name(), "acme", Messages.ACME_SETTINGS);
                await().atMost(Duration.ofSeconds(60)).until(() -> a.settings().configured("acme").isPresent()
                        && b.settings().configured("acme").isPresent());
                for (int i = 0; i < 20; i++) {
                    String contact = "4917000000" + String.format("%02d", i);
                    // Half keyed by contact, half re-keyed through the repartition topic.
                    TestKafka.send(producer, topics.inbound().name(), i % 2 == 0 ? "acme:" + contact : null,
                            Messages.text("acme", contact, "k" + i, T0 + i, "STOP"));
                }
                TestKafka.send(producer, topics.inbound().name(), null,
                        Messages.button("acme", "491700000000", "k-join", T0 + 60, "JOIN", "Join"));

                List<ConsumerRecord<byte[], byte[]>> events = TestKafka.readAtLeast(topics.consentEvents().name(), 21, Duration.ofSeconds(90));
                assertThat(events).hasSize(21);
                assertThat(events.stream().filter(e -> new String(e.key(), StandardCharsets.UTF_8).equals("acme:491700000000"))
                        .map(e -> json(e.value()).get("status").asText())).containsExactly("OPTED_OUT", "OPTED_IN");
                assertThat(TestKafka.readAtLeast(topics.replyCommands().name(), 21, Duration.ofSeconds(60))).hasSize(21);

                // The group is a streams group, both instances active, and the group's standby setting applied.
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                    StreamsGroupDescription description = admin.describeStreamsGroups(List.of(group)).all().get().get(group);
                    assertThat(description.groupState()).isEqualTo(GroupState.STABLE);
                    assertThat(description.members()).hasSize(2);
                    for (StreamsGroupMemberDescription member : description.members()) {
                        assertThat(member.assignment().activeTasks()).as("active tasks of %s", member.memberId()).isNotEmpty();
                        assertThat(member.assignment().standbyTasks()).as("standby tasks of %s", member.memberId()).isNotEmpty();
                    }
                });
                for (ConsentService service : List.of(a, b)) {
                    await().atMost(Duration.ofSeconds(60)).until(() -> service.streams().state() == KafkaStreams.State.RUNNING
                            && service.streams().allLocalStorePartitionLags().getOrDefault(TopologyNames.CONTACTS_STORE, Map.of()).size() > 2);
                }

                // Any instance answers any contact.
                for (Map<String, String> config : List.of(first, second)) {
                    String url = "http://localhost:" + config.get("optin.http.port") + "/v1/businesses/acme/contacts/";
                    await().atMost(Duration.ofSeconds(60)).until(() -> {
                        HttpResponse<String> reply = get(url + "491700000000");
                        return reply.statusCode() == 200 && json(reply.body().getBytes(StandardCharsets.UTF_8)).get("status").asText().equals("OPTED_IN");
                    });
                    for (int i = 1; i < 20; i++) {
                        String contact = "4917000000" + String.format("%02d", i);
                        await().atMost(Duration.ofSeconds(60)).until(() -> {
                            HttpResponse<String> reply = get(url + contact);
                            return reply.statusCode() == 200 && json(reply.body().getBytes(StandardCharsets.UTF_8)).get("status").asText().equals("OPTED_OUT");
                        });
                    }
                }
            }
        }
    }
}

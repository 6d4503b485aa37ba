package dev.dmapworkbook.bench.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.SfnException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;

/**
 * Valid state machines (Pass chain, Choice, Task, Parallel, Distributed Map with ItemReader, ItemBatcher and
 * ResultWriter) mutated at random (a field removed, renamed or given a value of another type, the text cut or
 * garbled), each sent to CreateStateMachine: it must be created or refused with a 4xx, never a 5xx or a hang.
 */
final class MutatedDefinitions {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> VALID = List.of(
            "{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Pass\",\"Result\":{\"x\":1},\"ResultPath\":\"$.r\",\"Next\":\"B\"},"
                    + "\"B\":{\"Type\":\"Wait\",\"Seconds\":1,\"Next\":\"C\"},\"C\":{\"Type\":\"Succeed\"}}}",
            "{\"StartAt\":\"Ch\",\"States\":{\"Ch\":{\"Type\":\"Choice\",\"Choices\":[{\"Variable\":\"$.n\",\"NumericGreaterThan\":3,"
                    + "\"Next\":\"Big\"}],\"Default\":\"Small\"},\"Big\":{\"Type\":\"Fail\",\"Error\":\"E\",\"Cause\":\"c\"},"
                    + "\"Small\":{\"Type\":\"Pass\",\"End\":true}}}",
            "{\"StartAt\":\"T\",\"States\":{\"T\":{\"Type\":\"Task\",\"Resource\":\"arn:aws:states:::lambda:invoke\","
                    + "\"Parameters\":{\"FunctionName\":\"f\",\"Payload.$\":\"$\"},\"Retry\":[{\"ErrorEquals\":[\"States.ALL\"],"
                    + "\"MaxAttempts\":2}],\"Catch\":[{\"ErrorEquals\":[\"States.ALL\"],\"Next\":\"F\"}],\"End\":true},"
                    + "\"F\":{\"Type\":\"Fail\"}}}",
            "{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Parallel\",\"Branches\":[{\"StartAt\":\"A\",\"States\":{\"A\":"
                    + "{\"Type\":\"Pass\",\"End\":true}}},{\"StartAt\":\"B\",\"States\":{\"B\":{\"Type\":\"Pass\",\"End\":true}}}],"
                    + "\"End\":true}}}",
            "{\"StartAt\":\"M\",\"States\":{\"M\":{\"Type\":\"Map\",\"ItemReader\":{\"Resource\":\"arn:aws:states:::s3:listObjectsV2\","
                    + "\"Parameters\":{\"Bucket\":\"b\",\"Prefix\":\"p\"}},\"ItemBatcher\":{\"MaxItemsPerBatch\":100,\"BatchInput\":"
                    + "{\"Bucket\":\"b\"}},\"MaxConcurrency\":10,\"ToleratedFailurePercentage\":5,\"ItemProcessor\":{\"ProcessorConfig\":"
                    + "{\"Mode\":\"DISTRIBUTED\",\"ExecutionType\":\"EXPRESS\"},\"StartAt\":\"W\",\"States\":{\"W\":{\"Type\":\"Pass\","
                    + "\"End\":true}}},\"ResultWriter\":{\"Resource\":\"arn:aws:states:::s3:putObject\",\"Parameters\":{\"Bucket\":\"b\","
                    + "\"Prefix\":\"out\"}},\"End\":true}}}");

    private MutatedDefinitions() {
    }

    static Tally run(Path dir, int count) throws Exception {
        Random random = new Random(1000);
        try (Cloud cloud = Cloud.start(dir.resolve("definitions"));
             SfnClient sfn = Sdk.client(SfnClient.builder(), cloud.endpoint())) {
            long created = 0;
            long refused = 0;
            long lost = 0;
            StringBuilder bad = new StringBuilder();
            for (int i = 0; i < count; i++) {
                String definition = mutate(VALID.get(random.nextInt(VALID.size())), random);
                String name = "mutant-" + i;
                try {
                    sfn.createStateMachine(r -> r.name(name).roleArn(Sdk.ROLE).definition(definition));
                    created++;
                } catch (SfnException e) {
                    if (e.statusCode() >= 400 && e.statusCode() < 500 && e.awsErrorDetails().errorCode() != null) {
                        refused++;
                    } else {
                        lost++;
                        bad.append("; ").append(e.statusCode()).append(' ').append(definition, 0, Math.min(80, definition.length()));
                    }
                } catch (RuntimeException e) {
                    lost++;
                    bad.append("; ").append(e.getClass().getSimpleName());
                }
            }
            return new Tally("mutated definitions", count, created + refused, lost, created + " created, " + refused
                    + " refused with a 4xx, " + lost + " 5xx/hang" + (bad.length() == 0 ? "" : bad.substring(0, Math.min(600, bad.length()))));
        }
    }

    static String mutate(String valid, Random random) throws Exception {
        int how = random.nextInt(10);
        if (how == 0) {
            return valid.substring(0, random.nextInt(valid.length()));
        }
        if (how == 1) {
            StringBuilder text = new StringBuilder(valid);
            text.setCharAt(random.nextInt(text.length()), "{}[]\":,x0 \\".charAt(random.nextInt(11)));
            return text.toString();
        }
        JsonNode root = JSON.readTree(valid);
        for (int n = 1 + random.nextInt(3); n > 0; n--) {
            List<JsonNode> containers = new ArrayList<>();
            collect(root, containers);
            JsonNode target = containers.get(random.nextInt(containers.size()));
            if (target instanceof ObjectNode object && object.size() > 0) {
                List<String> names = new ArrayList<>();
                object.fieldNames().forEachRemaining(names::add);
                String field = names.get(random.nextInt(names.size()));
                switch (random.nextInt(3)) {
                    case 0 -> object.remove(field);
                    case 1 -> object.set(field + (random.nextBoolean() ? "x" : ""), object.remove(field));
                    default -> object.set(field, randomValue(random));
                }
            } else if (target instanceof ArrayNode array && array.size() > 0) {
                array.set(random.nextInt(array.size()), randomValue(random));
            }
        }
        return JSON.writeValueAsString(root);
    }

    private static void collect(JsonNode node, List<JsonNode> containers) {
        if (node.isContainerNode()) {
            containers.add(node);
            for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
                collect(it.next(), containers);
            }
        }
    }

    private static JsonNode randomValue(Random random) {
        return switch (random.nextInt(9)) {
            case 0 -> JSON.nullNode();
            case 1 -> JSON.getNodeFactory().numberNode(random.nextInt(2000) - 1000);
            case 2 -> JSON.getNodeFactory().numberNode(1e308 * 10 * random.nextDouble());
            case 3 -> JSON.getNodeFactory().textNode("$.." + "[".repeat(random.nextInt(3)));
            case 4 -> JSON.getNodeFactory().textNode("States.Format('{}', $.x");
            case 5 -> JSON.getNodeFactory().booleanNode(random.nextBoolean());
            case 6 -> JSON.createArrayNode().add(JSON.createObjectNode());
            case 7 -> JSON.createObjectNode().put("Type", "Nope");
            default -> JSON.getNodeFactory().textNode("x".repeat(random.nextInt(100)));
        };
    }
}

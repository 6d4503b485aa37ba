package dev.dmapworkbook.localcloud.logs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmapworkbook.localcloud.LocalCloudConfig;
import dev.dmapworkbook.localcloud.edge.AwsProtocol;
import dev.dmapworkbook.localcloud.edge.EdgeRequest;
import dev.dmapworkbook.localcloud.edge.EdgeResponse;
import dev.dmapworkbook.localcloud.core.Json;
import dev.dmapworkbook.localcloud.edge.Service;
import dev.dmapworkbook.localcloud.core.ServiceException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * CloudWatch Logs on the wire (awsJson 1.1, target prefix {@code Logs_20140328}): the actions the labs, the AWS
 * CLI and CloudFormation use. Decodes, calls {@link LogStore}, encodes; a member an action does not implement is
 * refused by name.
 */
public final class LogsService implements Service {
    static final String TARGET_PREFIX = "Logs_20140328";
    private static final Set<Integer> RETENTION_DAYS = Set.of(1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400,
            545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653);

    private final LogStore store;

    public LogsService(Path root) {
        this.store = new LogStore(root);
    }

    /** The store, for services that write logs in-process (Lambda). */
    public LogStore store() {
        return store;
    }

    @Override
    public String signingName() {
        return "logs";
    }

    @Override
    public AwsProtocol protocol() {
        return AwsProtocol.AWS_JSON_1_1;
    }

    @Override
    public Set<String> targetPrefixes() {
        return Set.of(TARGET_PREFIX);
    }

    @Override
    public EdgeResponse handle(EdgeRequest request) {
        String target = request.header("X-Amz-Target").orElse("");
        if (!target.startsWith(TARGET_PREFIX + ".")) {
            throw LogsError.UNKNOWN_OPERATION.exception("Missing or unknown X-Amz-Target '" + target + "'");
        }
        JsonNode input;
        try {
            input = Json.parse(request.bodyBytes());
        } catch (IllegalArgumentException e) {
            throw new ServiceException(400, "SerializationException", "The request body is not valid JSON");
        }
        JsonNode output = call(target.substring(TARGET_PREFIX.length() + 1), input, request.region());
        return EdgeResponse.json(200, output).header("Content-Type", "application/x-amz-json-1.1");
    }

    /** One action with the wire's input and output shapes and errors, for in-process callers (CloudFormation). */
    public JsonNode call(String operation, JsonNode input, String region) {
        return switch (operation) {
            case "CreateLogGroup" -> createLogGroup(input, region);
            case "DeleteLogGroup" -> {
                allow(input, "logGroupName");
                store.deleteGroup(region, required(input, "logGroupName"));
                yield Json.object();
            }
            case "DescribeLogGroups" -> describeLogGroups(input, region);
            case "PutRetentionPolicy" -> putRetentionPolicy(input, region);
            case "DeleteRetentionPolicy" -> {
                allow(input, "logGroupName");
                store.retention(region, required(input, "logGroupName"), null);
                yield Json.object();
            }
            case "CreateLogStream" -> {
                allow(input, "logGroupName", "logStreamName");
                store.createStream(region, required(input, "logGroupName"), required(input, "logStreamName"));
                yield Json.object();
            }
            case "DeleteLogStream" -> {
                allow(input, "logGroupName", "logStreamName");
                store.deleteStream(region, required(input, "logGroupName"), required(input, "logStreamName"));
                yield Json.object();
            }
            case "DescribeLogStreams" -> describeLogStreams(input, region);
            case "PutLogEvents" -> putLogEvents(input, region);
            case "GetLogEvents" -> getLogEvents(input, region);
            case "FilterLogEvents" -> filterLogEvents(input, region);
            default -> throw LogsError.UNKNOWN_OPERATION.exception("The local cloud does not implement the CloudWatch Logs action '"
                    + operation + "'");
        };
    }

    private JsonNode putRetentionPolicy(JsonNode input, String region) {
        allow(input, "logGroupName", "retentionInDays");
        int days = input.path("retentionInDays").asInt(-1);
        if (!RETENTION_DAYS.contains(days)) {
            throw LogsError.INVALID_PARAMETER.exception("1 validation error detected: Value '" + input.path("retentionInDays").asText()
                    + "' at 'retentionInDays' failed to satisfy constraint: Member must satisfy enum value set: "
                    + RETENTION_DAYS.stream().sorted().toList());
        }
        store.retention(region, required(input, "logGroupName"), days);
        return Json.object();
    }

    private JsonNode createLogGroup(JsonNode input, String region) {
        allow(input, "logGroupName", "tags", "logGroupClass");
        String cls = input.path("logGroupClass").asText("STANDARD");
        if (!cls.equals("STANDARD")) {
            throw LogsError.INVALID_PARAMETER.exception("The local cloud implements only the STANDARD log group class, not '" + cls + "'");
        }
        String name = required(input, "logGroupName");
        if (!name.matches("[\\.\\-_/#A-Za-z0-9]{1,512}")) {
            throw LogsError.INVALID_PARAMETER.exception("1 validation error detected: Value '" + name
                    + "' at 'logGroupName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_/#A-Za-z0-9]+");
        }
        store.createGroup(region, name);
        return Json.object();
    }

    private JsonNode describeLogGroups(JsonNode input, String region) {
        allow(input, "logGroupNamePrefix", "logGroupNamePattern", "limit", "nextToken", "includeLinkedAccounts", "logGroupClass");
        String prefix = input.path("logGroupNamePrefix").asText("");
        String pattern = input.path("logGroupNamePattern").asText(null);
        int limit = limit(input, 50);
        List<LogStore.Group> matching = store.groups(region).stream()
                .filter(g -> g.name.startsWith(prefix))
                .filter(g -> pattern == null || g.name.toLowerCase().contains(pattern.toLowerCase()))
                .sorted(Comparator.comparing(g -> g.name)).toList();
        int from = offset(input);
        ArrayNode groups = Json.MAPPER.createArrayNode();
        for (LogStore.Group g : matching.subList(Math.min(from, matching.size()), Math.min(from + limit, matching.size()))) {
            String arn = "arn:aws:logs:" + region + ":" + LocalCloudConfig.ACCOUNT_ID + ":log-group:" + g.name;
            groups.add(Json.object("logGroupName", g.name, "creationTime", g.creationTime,
                    "retentionInDays", g.retentionInDays, "metricFilterCount", 0, "arn", arn + ":*",
                    "storedBytes", g.storedBytes(), "logGroupClass", "STANDARD", "logGroupArn", arn));
        }
        ObjectNode out = Json.object("logGroups", groups);
        if (from + limit < matching.size()) {
            out.put("nextToken", String.valueOf(from + limit));
        }
        return out;
    }

    private JsonNode describeLogStreams(JsonNode input, String region) {
        allow(input, "logGroupName", "logGroupIdentifier", "logStreamNamePrefix", "orderBy", "descending", "limit", "nextToken");
        String group = groupName(input);
        String prefix = input.path("logStreamNamePrefix").asText(null);
        String orderBy = input.path("orderBy").asText("LogStreamName");
        if (!orderBy.equals("LogStreamName") && !orderBy.equals("LastEventTime")) {
            throw LogsError.INVALID_PARAMETER.exception("1 validation error detected: Value '" + orderBy
                    + "' at 'orderBy' failed to satisfy constraint: Member must satisfy enum value set: [LogStreamName, LastEventTime]");
        }
        if (prefix != null && orderBy.equals("LastEventTime")) {
            throw LogsError.INVALID_PARAMETER.exception("Cannot order by LastEventTime with a logStreamNamePrefix.");
        }
        Comparator<LogStore.Stream> order = orderBy.equals("LogStreamName")
                ? Comparator.comparing(s -> s.name)
                : Comparator.comparing((LogStore.Stream s) -> s.lastEventTimestamp().orElse(s.creationTime)).thenComparing(s -> s.name);
        if (input.path("descending").asBoolean(false)) {
            order = order.reversed();
        }
        List<LogStore.Stream> matching = store.streams(region, group).stream()
                .filter(s -> prefix == null || s.name.startsWith(prefix)).sorted(order).toList();
        int limit = limit(input, 50);
        int from = offset(input);
        ArrayNode streams = Json.MAPPER.createArrayNode();
        for (LogStore.Stream s : matching.subList(Math.min(from, matching.size()), Math.min(from + limit, matching.size()))) {
            synchronized (store) {
                streams.add(Json.object("logStreamName", s.name, "creationTime", s.creationTime,
                        "firstEventTimestamp", s.firstEventTimestamp().orElse(null),
                        "lastEventTimestamp", s.lastEventTimestamp().orElse(null),
                        "lastIngestionTime", s.lastIngestionTime().orElse(null),
                        "arn", "arn:aws:logs:" + region + ":" + LocalCloudConfig.ACCOUNT_ID + ":log-group:" + group
                                + ":log-stream:" + s.name,
                        "storedBytes", s.storedBytes));
            }
        }
        ObjectNode out = Json.object("logStreams", streams);
        if (from + limit < matching.size()) {
            out.put("nextToken", String.valueOf(from + limit));
        }
        return out;
    }

    private JsonNode putLogEvents(JsonNode input, String region) {
        allow(input, "logGroupName", "logStreamName", "logEvents", "sequenceToken", "entity");
        if (input.has("entity")) {
            throw LogsError.INVALID_PARAMETER.exception("The local cloud does not implement PutLogEvents 'entity'");
        }
        long now = System.currentTimeMillis();
        List<LogStore.Event> events = new ArrayList<>();
        for (JsonNode e : input.path("logEvents")) {
            events.add(new LogStore.Event(e.path("timestamp").asLong(), e.path("message").asText(), now));
        }
        if (events.isEmpty()) {
            throw LogsError.INVALID_PARAMETER.exception("1 validation error detected: Value '[]' at 'logEvents' failed to satisfy constraint: Member must have length greater than or equal to 1");
        }
        store.put(region, required(input, "logGroupName"), required(input, "logStreamName"), events);
        return Json.object();
    }

    /** Tokens are {@code f/<index>} and {@code b/<index>} over the stream's events in the time window. */
    private JsonNode getLogEvents(JsonNode input, String region) {
        allow(input, "logGroupName", "logGroupIdentifier", "logStreamName", "startTime", "endTime", "nextToken",
                "limit", "startFromHead", "unmask");
        String group = groupName(input);
        List<LogStore.Event> all = window(store.events(region, group, required(input, "logStreamName")), input);
        int limit = limit(input, 10_000);
        String token = input.path("nextToken").asText(null);
        int from;
        int to;
        if (token != null && token.startsWith("f/")) {
            from = Math.min(parseToken(token), all.size());
            to = Math.min(from + limit, all.size());
        } else if (token != null && token.startsWith("b/")) {
            to = Math.min(parseToken(token), all.size());
            from = Math.max(0, to - limit);
        } else if (token != null) {
            throw LogsError.INVALID_PARAMETER.exception("The specified nextToken is invalid.");
        } else if (input.path("startFromHead").asBoolean(false)) {
            from = 0;
            to = Math.min(limit, all.size());
        } else {
            to = all.size();
            from = Math.max(0, to - limit);
        }
        ArrayNode events = Json.MAPPER.createArrayNode();
        for (LogStore.Event e : all.subList(from, to)) {
            events.add(Json.object("timestamp", e.timestamp(), "message", e.message(), "ingestionTime", e.ingestionTime()));
        }
        return Json.object("events", events, "nextForwardToken", "f/" + to, "nextBackwardToken", "b/" + from);
    }

    private JsonNode filterLogEvents(JsonNode input, String region) {
        allow(input, "logGroupName", "logGroupIdentifier", "logStreamNames", "logStreamNamePrefix", "startTime", "endTime",
                "filterPattern", "nextToken", "limit", "interleaved", "unmask");
        String group = groupName(input);
        if (input.has("logStreamNames") && input.has("logStreamNamePrefix")) {
            throw LogsError.INVALID_PARAMETER.exception("logStreamNames and logStreamNamePrefix are mutually exclusive");
        }
        List<Hit> hits = hits(input, region, group);
        hits.sort(Comparator.comparingLong((Hit h) -> h.event().timestamp()).thenComparing(Hit::stream).thenComparingInt(Hit::index));
        int limit = limit(input, 10_000);
        int from = offset(input);
        ArrayNode events = Json.MAPPER.createArrayNode();
        Iterator<Hit> it = hits.listIterator(Math.min(from, hits.size()));
        for (int n = 0; n < limit && it.hasNext(); n++) {
            Hit h = it.next();
            events.add(Json.object("logStreamName", h.stream(), "timestamp", h.event().timestamp(),
                    "message", h.event().message(), "ingestionTime", h.event().ingestionTime(),
                    "eventId", String.format("%020d%06d", h.event().timestamp(), h.index())));
        }
        ObjectNode out = Json.object("events", events, "searchedLogStreams", Json.MAPPER.createArrayNode());
        if (from + limit < hits.size()) {
            out.put("nextToken", String.valueOf(from + limit));
        }
        return out;
    }

    /** An event that matches a FilterLogEvents pattern: its stream, its index there, the event. */
    private record Hit(String stream, int index, LogStore.Event event) {
    }

    /** The events of the chosen streams (logStreamNames or logStreamNamePrefix), in the time window, that match the pattern. */
    private List<Hit> hits(JsonNode input, String region, String group) {
        List<String> names = new ArrayList<>();
        input.path("logStreamNames").forEach(n -> names.add(n.asText()));
        String prefix = input.path("logStreamNamePrefix").asText(null);
        FilterPattern pattern = FilterPattern.parse(input.path("filterPattern").asText(null));
        List<Hit> hits = new ArrayList<>();
        for (LogStore.Stream s : store.streams(region, group)) {
            if ((!names.isEmpty() && !names.contains(s.name)) || (prefix != null && !s.name.startsWith(prefix))) {
                continue;
            }
            List<LogStore.Event> events = window(store.events(region, group, s.name), input);
            for (int i = 0; i < events.size(); i++) {
                if (pattern.matches(events.get(i).message())) {
                    hits.add(new Hit(s.name, i, events.get(i)));
                }
            }
        }
        return hits;
    }

    private static List<LogStore.Event> window(List<LogStore.Event> events, JsonNode input) {
        long start = input.path("startTime").asLong(Long.MIN_VALUE);
        long end = input.path("endTime").asLong(Long.MAX_VALUE);
        return events.stream().filter(e -> e.timestamp() >= start && e.timestamp() < end).toList();
    }

    private static String groupName(JsonNode input) {
        String name = input.path("logGroupName").asText(null);
        String identifier = input.path("logGroupIdentifier").asText(null);
        if (name != null && identifier != null) {
            throw LogsError.INVALID_PARAMETER.exception("LogGroupName and LogGroupIdentifier are mutually exclusive parameters.");
        }
        if (identifier != null) {
            int at = identifier.indexOf(":log-group:");
            name = at < 0 ? identifier : identifier.substring(at + ":log-group:".length()).replaceFirst(":\\*$", "");
        }
        if (name == null) {
            throw LogsError.INVALID_PARAMETER.exception("Should provide either logGroupName or logGroupIdentifier.");
        }
        return name;
    }

    private static int limit(JsonNode input, int max) {
        int limit = input.path("limit").asInt(max);
        if (limit < 1 || limit > max) {
            throw LogsError.INVALID_PARAMETER.exception("1 validation error detected: Value '" + limit
                    + "' at 'limit' failed to satisfy constraint: Member must have value between 1 and " + max);
        }
        return limit;
    }

    private static int offset(JsonNode input) {
        String token = input.path("nextToken").asText(null);
        if (token == null) {
            return 0;
        }
        try {
            return Integer.parseInt(token);
        } catch (NumberFormatException e) {
            throw LogsError.INVALID_PARAMETER.exception("The specified nextToken is invalid.");
        }
    }

    private static int parseToken(String token) {
        try {
            return Integer.parseInt(token.substring(2));
        } catch (NumberFormatException e) {
            throw LogsError.INVALID_PARAMETER.exception("The specified nextToken is invalid.");
        }
    }

    private static String required(JsonNode input, String field) {
        JsonNode value = input.get(field);
        if (value == null || value.isNull() || value.asText().isEmpty()) {
            throw LogsError.INVALID_PARAMETER.exception("1 validation error detected: Value null at '" + field
                    + "' failed to satisfy constraint: Member must not be null");
        }
        return value.asText();
    }

    /** Never ignore a member silently: anything outside the implemented set is refused by name. */
    private static void allow(JsonNode input, String... fields) {
        Set<String> allowed = Set.of(fields);
        input.fieldNames().forEachRemaining(field -> {
            if (!allowed.contains(field)) {
                throw LogsError.INVALID_PARAMETER.exception("The local cloud does not implement the member '" + field
                        + "' for this CloudWatch Logs action");
            }
        });
    }
}

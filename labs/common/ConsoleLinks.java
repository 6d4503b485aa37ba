import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Where a learner sees a resource in a browser. On the local target: the local cloud's console on its edge port,
 * {@code http://<host:port>/_console/<kind>/<id>} with the id (an ARN, a name) percent-encoded as one path segment,
 * the URL forms of issue 15. On AWS: the AWS Management Console's pages of the same resources in the learner's
 * region ({@code https://<region>.console.aws.amazon.com/states/home?region=<region>#/v2/executions/details/<arn>}, …).
 *
 * <p>AWS publishes no reference of its console's URLs; these are the forms its console shows in the address bar
 * (state machine, execution, function, table, bucket, object). The Map Run Details page has no form we could verify
 * (see {@link #mapRun}), so on AWS a Map Run is linked through its parent execution's page, which links the run.
 */
final class ConsoleLinks {
    private final String local;
    private final String region;

    private ConsoleLinks(String local, String region) {
        this.local = local;
        this.region = region;
    }

    /** The local cloud's console at {@code endpoint} (its scheme, host and port; any path is dropped). */
    static ConsoleLinks local(URI endpoint) {
        return new ConsoleLinks(endpoint.getScheme() + "://" + endpoint.getRawAuthority() + "/_console/", null);
    }

    /** The AWS console in {@code region}. */
    static ConsoleLinks aws(String region) {
        return new ConsoleLinks(null, region);
    }

    static ConsoleLinks of(Target target) {
        return target.local() ? local(target.endpoint()) : aws(target.region().id());
    }

    /** "the console" (local) or "the AWS console": how a lab names where its links lead. */
    String name() {
        return local != null ? "the console" : "the AWS console";
    }

    /** The console's start page: the local home (state machines, executions, buckets, tables, functions), AWS's state machines. */
    String home() {
        return local != null ? local : states("#/statemachines");
    }

    String stateMachine(String arn) {
        return local != null ? page("state-machines", arn) : states("#/statemachines/view/" + arn);
    }

    String execution(String arn) {
        return local != null ? page("executions", arn) : states("#/v2/executions/details/" + arn);
    }

    /**
     * A Map Run ({@code DescribeMapRun}'s {@code mapRunArn} and {@code executionArn}). On AWS: the parent execution's
     * page, whose Distributed Map state links its Map Run Details ("Viewing a Distributed Map Run execution", Step
     * Functions developer guide). The run's own page URL is not documented: a search of AWS's docs, public pages,
     * issues and code (Dec 2026) found no {@code #/mapruns/view/<arn>} (this class's former guess) anywhere, and the
     * only console Map Run URL in public code is {@code #/map-runs/executions/<executionArn>}, not the run's page.
     */
    String mapRun(String mapRunArn, String parentExecutionArn) {
        return local != null ? page("map-runs", mapRunArn) : execution(parentExecutionArn);
    }

    /** A Lambda function, by name or ARN ({@code arn:aws:lambda:r:account:function:NAME[:qualifier]}). */
    String function(String nameOrArn) {
        String name = nameOrArn.startsWith("arn:") ? nameOrArn.split(":")[6] : nameOrArn;
        return local != null ? page("functions", name)
                : host() + "/lambda/home?region=" + region + "#/functions/" + query(name);
    }

    /** A DynamoDB table's items. */
    String table(String name) {
        return local != null ? page("dynamodb", name)
                : host() + "/dynamodbv2/home?region=" + region + "#item-explorer?table=" + query(name);
    }

    /** A bucket's objects; under {@code prefix} when it is not empty. */
    String bucket(String bucket, String prefix) {
        String rest = prefix.isEmpty() ? "" : "prefix=" + query(prefix);
        return local != null ? page("s3", bucket) + (rest.isEmpty() ? "" : "?" + rest)
                : s3Host() + "/s3/buckets/" + query(bucket) + "?region=" + region + (rest.isEmpty() ? "" : "&" + rest);
    }

    String bucket(String bucket) {
        return bucket(bucket, "");
    }

    /** One object: the local console shows JSON, CSV and text objects; AWS its overview. */
    String object(String bucket, String key) {
        return local != null ? page("s3", bucket) + "?key=" + query(key)
                : s3Host() + "/s3/object/" + query(bucket) + "?region=" + region + "&prefix=" + query(key);
    }

    private String page(String kind, String id) {
        return local + kind + "/" + segment(id);
    }

    private String states(String fragment) {
        return host() + "/states/home?region=" + region + fragment;
    }

    /** The console's host in the region's partition: China and GovCloud have their own domains. */
    private String host() {
        return region.startsWith("cn-") ? "https://" + region + ".console.amazonaws.cn"
                : region.startsWith("us-gov-") ? "https://console.amazonaws-us-gov.com"
                : "https://" + region + ".console.aws.amazon.com";
    }

    /** S3's console is global in each partition. */
    private String s3Host() {
        return region.startsWith("cn-") ? "https://console.amazonaws.cn"
                : region.startsWith("us-gov-") ? "https://console.amazonaws-us-gov.com" : "https://s3.console.aws.amazon.com";
    }

    /** {@code id} percent-encoded as one path segment ({@code :} and {@code /} too; a space is {@code %20}). */
    static String segment(String id) {
        return URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String query(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}

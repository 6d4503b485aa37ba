import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The links the labs print (labs/common/ConsoleLinks, compiled as it is): the local console's URL forms of issue 15,
 * the ARN one path segment; the AWS console's forms in the learner's region, checked for shape (no AWS call).
 */
class ConsoleLinksTest {
    static final String MACHINE = "arn:aws:states:eu-west-1:123456789012:stateMachine:FindHighPrecipitationWorkflow";
    static final String EXECUTION = "arn:aws:states:eu-west-1:123456789012:execution:FindHighPrecipitationWorkflow:run 1";
    static final String MAP_RUN = "arn:aws:states:eu-west-1:123456789012:mapRun:FindHighPrecipitationWorkflow/Map:0f1e";
    static final String FUNCTION = "arn:aws:lambda:eu-west-1:123456789012:function:dmap-workbook-HighPrecipitation:$LATEST";

    @Test
    void localLinksAreTheConsolesUrlFormsWithTheArnAsOnePathSegment() {
        var links = ConsoleLinks.local(URI.create("http://127.0.0.1:45123/ignored/path"));
        assertEquals("http://127.0.0.1:45123/_console/", links.home());
        assertEquals("http://127.0.0.1:45123/_console/state-machines/arn%3Aaws%3Astates%3Aeu-west-1%3A123456789012"
                + "%3AstateMachine%3AFindHighPrecipitationWorkflow", links.stateMachine(MACHINE));
        assertEquals("http://127.0.0.1:45123/_console/map-runs/arn%3Aaws%3Astates%3Aeu-west-1%3A123456789012%3AmapRun"
                + "%3AFindHighPrecipitationWorkflow%2FMap%3A0f1e", links.mapRun(MAP_RUN, EXECUTION), "the / of a Map Run's ARN is encoded");
        String execution = links.execution(EXECUTION);
        assertTrue(execution.endsWith("/_console/executions/arn%3Aaws%3Astates%3Aeu-west-1%3A123456789012%3Aexecution"
                + "%3AFindHighPrecipitationWorkflow%3Arun%201"), "a space is %20, not +: " + execution);
        assertEquals(EXECUTION, URLDecoder.decode(URI.create(execution).getRawPath().substring("/_console/executions/".length()),
                StandardCharsets.UTF_8), "the segment decodes back to the ARN");
        assertEquals("http://127.0.0.1:45123/_console/functions/dmap-workbook-HighPrecipitation", links.function(FUNCTION),
                "a function ARN links by the function's name");
        assertEquals("http://127.0.0.1:45123/_console/functions/f", links.function("f"));
        assertEquals("http://127.0.0.1:45123/_console/dynamodb/dmap-workbook-Results", links.table("dmap-workbook-Results"));
        assertEquals("http://127.0.0.1:45123/_console/s3/data", links.bucket("data"));
        assertEquals("http://127.0.0.1:45123/_console/s3/data?prefix=csv%2Fby_station%2F", links.bucket("data", "csv/by_station/"));
        assertEquals("http://127.0.0.1:45123/_console/s3/results?key=results%2Fa+b%2Fmanifest.json",
                links.object("results", "results/a b/manifest.json"));
        assertEquals("the console", links.name());
    }

    @Test
    void awsLinksAreTheAwsConsolesPagesInTheLearnersRegion() {
        var links = ConsoleLinks.aws("eu-west-1");
        String states = "https://eu-west-1.console.aws.amazon.com/states/home?region=eu-west-1#/";
        assertEquals(states + "statemachines/view/" + MACHINE, links.stateMachine(MACHINE));
        assertEquals(states + "v2/executions/details/" + EXECUTION, links.execution(EXECUTION));
        assertEquals(states + "v2/executions/details/" + EXECUTION, links.mapRun(MAP_RUN, EXECUTION),
                "a Map Run through its execution's page: the run's own page has no verified URL form");
        assertEquals(states + "statemachines", links.home());
        assertEquals("https://eu-west-1.console.aws.amazon.com/lambda/home?region=eu-west-1#/functions/dmap-workbook-HighPrecipitation",
                links.function(FUNCTION));
        assertEquals("https://eu-west-1.console.aws.amazon.com/dynamodbv2/home?region=eu-west-1#item-explorer?table=Results",
                links.table("Results"));
        assertEquals("https://s3.console.aws.amazon.com/s3/buckets/data?region=eu-west-1", links.bucket("data"));
        assertEquals("https://s3.console.aws.amazon.com/s3/buckets/data?region=eu-west-1&prefix=csv%2Fby_station%2F",
                links.bucket("data", "csv/by_station/"));
        assertEquals("https://s3.console.aws.amazon.com/s3/object/results?region=eu-west-1&prefix=r%2Fmanifest.json",
                links.object("results", "r/manifest.json"));
        assertEquals("the AWS console", links.name());
    }

    @Test
    void everyAwsLinkIsAnHttpsUriOnTheRegionsConsole() {
        for (String region : List.of("us-east-1", "ap-southeast-2", "cn-north-1", "us-gov-west-1")) {
            var links = ConsoleLinks.aws(region);
            String domain = region.startsWith("cn-") ? "console.amazonaws.cn"
                    : region.startsWith("us-gov-") ? "console.amazonaws-us-gov.com" : "console.aws.amazon.com";
            for (String url : List.of(links.home(), links.stateMachine(MACHINE), links.execution(EXECUTION.replace(" ", "-")),
                    links.mapRun(MAP_RUN, EXECUTION.replace(" ", "-")), links.function(FUNCTION), links.table("T"), links.bucket("b", "p/"), links.object("b", "k"))) {
                URI uri = URI.create(url);
                assertEquals("https", uri.getScheme(), url);
                assertTrue(uri.getHost().endsWith(domain), url);
                assertTrue(uri.getRawQuery().contains("region=" + region), "the learner's region is in " + url);
            }
        }
    }
}

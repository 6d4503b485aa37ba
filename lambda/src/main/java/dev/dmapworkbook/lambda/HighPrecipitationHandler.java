package dev.dmapworkbook.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.io.InputStream;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The workshop's HighPrecipitation function, one Distributed Map batch per invocation: for each S3 key
 * in {@code Items}, read the station file from the bucket in {@code BatchInput.Bucket}, find each
 * station's highest daily precipitation, and write {@code {pk, PRCP}} items to the table named by
 * {@code RESULTS_DYNAMODB_TABLE_NAME}. Handler: {@code dev.dmapworkbook.lambda.HighPrecipitationHandler::handleRequest}.
 *
 * <p>It returns a small summary, e.g. {@code {"filesRead": 100, "stationsWritten": 99,
 * "filesWithoutPrecipitation": 1, "rowsRead": 91234, "rowsSkipped": 0, "table": "…"}}.
 */
public final class HighPrecipitationHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    static final String TABLE_NAME_VARIABLE = "RESULTS_DYNAMODB_TABLE_NAME";

    private final S3Client s3;
    private final DynamoDbClient dynamoDb;
    private final String tableName;

    /** What the Lambda runtime calls once per execution environment: clients from the environment. */
    public HighPrecipitationHandler() {
        this(AwsClients.s3(System.getenv()), AwsClients.dynamoDb(System.getenv()), System.getenv(TABLE_NAME_VARIABLE));
    }

    /** For tests and embedding: the given clients and table (the table name may be null: then every call fails saying so). */
    public HighPrecipitationHandler(S3Client s3, DynamoDbClient dynamoDb, String tableName) {
        this.s3 = s3;
        this.dynamoDb = dynamoDb;
        this.tableName = tableName;
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        BatchEvent batch = BatchEvent.from(event);
        if (tableName == null || tableName.isBlank()) {
            throw new IllegalStateException("The environment variable " + TABLE_NAME_VARIABLE + " is not set: it must name "
                    + "the DynamoDB table for the results (the stack's template sets it on the function)");
        }
        Map<String, BigDecimal> maxima = new LinkedHashMap<>();
        long rows = 0;
        long skipped = 0;
        int withoutPrecipitation = 0;
        for (String key : batch.keys()) {
            PrecipitationMaxima file = read(batch.bucket(), key);
            file.maxima().forEach((station, max) -> maxima.merge(station, max, BigDecimal::max));
            rows += file.rows();
            skipped += file.rowsSkipped();
            if (file.maxima().isEmpty()) {
                withoutPrecipitation++;
            }
        }
        int written = new ResultsTable(dynamoDb, tableName, Thread::sleep).write(maxima);

        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("filesRead", batch.keys().size());
        summary.put("stationsWritten", written);
        summary.put("filesWithoutPrecipitation", withoutPrecipitation);
        summary.put("rowsRead", rows);
        summary.put("rowsSkipped", skipped);
        summary.put("table", tableName);
        log(context, "Read " + count(batch.keys().size(), "file") + " from s3://" + batch.bucket() + ", wrote "
                + count(written, "station") + " to " + tableName + ", skipped " + count(skipped, "malformed row"));
        return summary;
    }

    private PrecipitationMaxima read(String bucket, String key) {
        String source = "s3://" + bucket + "/" + key;
        try (InputStream object = s3.getObject(r -> r.bucket(bucket).key(key))) {
            return StationCsv.read(object, source);
        } catch (S3Exception e) {
            String code = e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode() + ": ";
            String message = e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage();
            throw new IllegalStateException("Could not read " + source + ": " + code + message, e);
        } catch (SdkException | java.io.IOException e) {
            throw new IllegalStateException("Could not read " + source + ": " + e.getMessage(), e);
        }
    }

    private static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    private static void log(Context context, String message) {
        if (context != null && context.getLogger() != null) {
            context.getLogger().log(message + "\n");
        } else {
            System.out.println(message);
        }
    }
}

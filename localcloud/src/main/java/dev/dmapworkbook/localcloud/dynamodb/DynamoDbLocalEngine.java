package dev.dmapworkbook.localcloud.dynamodb;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.dmapworkbook.localcloud.core.Json;
import software.amazon.awssdk.services.dynamodb.model.BatchExecuteStatementRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeLimitsRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeStreamRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeTimeToLiveRequest;
import software.amazon.awssdk.services.dynamodb.model.ExecuteStatementRequest;
import software.amazon.awssdk.services.dynamodb.model.ExecuteTransactionRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsRequest;
import software.amazon.awssdk.services.dynamodb.model.GetShardIteratorRequest;
import software.amazon.awssdk.services.dynamodb.model.ListStreamsRequest;
import software.amazon.awssdk.services.dynamodb.model.ListTablesRequest;
import software.amazon.awssdk.services.dynamodb.model.ListTagsOfResourceRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.TagResourceRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.UntagResourceRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateTimeToLiveRequest;
import software.amazon.dynamodb.services.exceptions.AWSExceptionFactory;
import software.amazon.dynamodb.services.exceptions.AmazonServiceExceptionType;
import software.amazon.dynamodb.services.exceptions.DynamoDBLocalServiceException;
import software.amazon.dynamodb.services.local.dispatchers.BatchExecuteStatementDispatcher;
import software.amazon.dynamodb.services.local.dispatchers.BatchGetItemDispatcher;
import software.amazon.dynamodb.services.local.dispatchers.BatchWriteItemDispatcher;
import software.amazon.dynamodb.services.local.dispatchers.CreateTableDispatcher;
import software.amazon.dynamodb.services.local.dispatchers.DeleteItemDispatcher;
import software.amazon.dynamodb.services.local.dispatchers.DeleteTableDispatcher;
import software.amazon.dynamodb.services.local.dispatchers.DescribeLimitsDispatcher;
import software.amazon.dynamodb.services.local.dispatchers.DescribeStreamDispatcher;
import software.amazon.dynamodb.services.local.dispatchers.DescribeTableDispatcher;
import software.amazon.dynamodb.services.local.dispatchers.DescribeTimeToLiveDispatcher;
import software.amazon.dynamodb.services.local.dispatchers.Dispatcher;
import software.amazon.dynamodb.services.local.dispatchers.ExecuteStatementDispatcher;
import software.amazon.dynamodb.services.local.dispatchers.ExecuteTransactionDispatcher;
import software.amazon.dynamodb.services.local.dispatchers.GetItemDispatcher;
import software.amazon.dynamodb.services.local.dispatchers.GetRecordsDispatcher;
import software.amazon.dynamodb.services.local.dispatchers.GetShardIteratorDispatcher;
import software.amazon.dynamodb.services.local.dispatchers.ListStreamsDispatcher;
import software.amazon.dynamodb.services.local.dispatchers.ListTablesDispatcher;
import software.amazon.dynamodb.services.local.dispatchers.ListTagsOfResourceDispatcher;
import software.amazon.dynamodb.services.local.dispatchers.PutItemDispatcher;
import software.amazon.dynamodb.services.local.dispatchers.QueryDispatcher;
import software.amazon.dynamodb.services.local.dispatchers.ScanDispatcher;
import software.amazon.dynamodb.services.local.dispatchers.TagResourceDispatcher;
import software.amazon.dynamodb.services.local.dispatchers.TransactGetItemsDispatcher;
import software.amazon.dynamodb.services.local.dispatchers.TransactWriteItemsDispatcher;
import software.amazon.dynamodb.services.local.dispatchers.UntagResourceDispatcher;
import software.amazon.dynamodb.services.local.dispatchers.UpdateItemDispatcher;
import software.amazon.dynamodb.services.local.dispatchers.UpdateTableDispatcher;
import software.amazon.dynamodb.services.local.dispatchers.UpdateTimeToLiveDispatcher;
import software.amazon.dynamodb.services.local.exceptions.ExceptionBean;
import software.amazon.dynamodb.services.local.server.LocalDynamoDBRequestHandler;
import software.amazon.dynamodb.services.local.shared.access.sqlite.SQLiteLibraryLoader;
import software.amazon.dynamodb.services.local.shared.mapper.DynamoDbObjectMapper;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * DynamoDB Local 3.1.0 run in-process, without its Jetty server (which would listen on every interface).
 * A request is handled the way DynamoDB Local's own {@code LocalDynamoDBServerHandler} handles it: the
 * {@code X-Amz-Target} action picks a dispatcher, DynamoDB Local's mapper reads the body into the SDK
 * request type, the dispatcher runs it against the {@link LocalDynamoDBRequestHandler} and returns the
 * response JSON; a {@link DynamoDBLocalServiceException} becomes DynamoDB Local's own error body
 * ({@code __type} {@code com.amazonaws.dynamodb.v20120810#…}) and status. One shared database file
 * ({@code -sharedDb}) serves every region and access key. Telemetry is never configured (what
 * {@code -disableTelemetry} does), so nothing leaves the machine.
 */
final class DynamoDbLocalEngine implements AutoCloseable {
    static final String TARGET_PREFIX = "DynamoDB_20120810";
    static final String STREAMS_TARGET_PREFIX = "DynamoDBStreams_20120810";
    /** DynamoDB Local's shared database file in the data dir. */
    static final String SHARED_DB_FILE = "shared-local-instance.db";

    private static final Logger LOG = Logger.getLogger(DynamoDbLocalEngine.class.getName());
    private static final String ACCESS_KEY = "localcloud";
    private static final Set<String> STREAMS_OPERATIONS = Set.of("ListStreams", "DescribeStream",
            "GetShardIterator", "GetRecords");

    /**
     * DynamoDB Local names every table, index and stream ARN with the region {@code ddblocal}; DynamoDB names the
     * region that was called ({@code arn:aws:dynamodb:<region>:<account>:table/<name>}, DynamoDB Developer Guide,
     * "Resource types defined by Amazon DynamoDB"). So the answers that carry such ARNs are rewritten to the
     * request's region, and the requests that name them back are rewritten to {@code ddblocal}. Only these
     * operations: the other bodies hold items, which are data.
     */
    private static final String LOCAL_ARN_PREFIX = "arn:aws:dynamodb:ddblocal:";
    private static final Set<String> ARN_OUTPUTS = Set.of("CreateTable", "DescribeTable", "UpdateTable",
            "DeleteTable", "ListStreams", "DescribeStream");
    private static final Set<String> ARN_INPUTS = Set.of("ListStreams", "DescribeStream", "GetShardIterator",
            "TagResource", "UntagResource", "ListTagsOfResource");

    /** The answer: HTTP status and the exact JSON bytes DynamoDB Local produced. */
    record Reply(int status, byte[] body) {
        boolean ok() {
            return status == 200;
        }
    }

    private record Operation<T>(Dispatcher<T> dispatcher, Class<T> requestType) {
        byte[] run(DynamoDbObjectMapper mapper, byte[] body, String region, LocalDynamoDBRequestHandler handler)
                throws java.io.IOException {
            return dispatcher.enact(ACCESS_KEY, region, mapper.readValue(body, requestType), handler);
        }
    }

    /** DynamoDB Local once started: its handler, its JSON mapper and the dispatcher of each operation. */
    private record Local(LocalDynamoDBRequestHandler handler, SqliteDurability sqlite, DynamoDbObjectMapper mapper,
                         Map<String, Operation<?>> operations) {
    }

    private static Map<String, Operation<?>> operations(DynamoDbObjectMapper mapper) {
        return Map.ofEntries(
                Map.entry("BatchGetItem", new Operation<>(new BatchGetItemDispatcher(mapper), BatchGetItemRequest.class)),
                Map.entry("TransactGetItems", new Operation<>(new TransactGetItemsDispatcher(mapper), TransactGetItemsRequest.class)),
                Map.entry("BatchWriteItem", new Operation<>(new BatchWriteItemDispatcher(mapper), BatchWriteItemRequest.class)),
                Map.entry("TransactWriteItems", new Operation<>(new TransactWriteItemsDispatcher(mapper), TransactWriteItemsRequest.class)),
                Map.entry("CreateTable", new Operation<>(new CreateTableDispatcher(mapper), CreateTableRequest.class)),
                Map.entry("DeleteItem", new Operation<>(new DeleteItemDispatcher(mapper), DeleteItemRequest.class)),
                Map.entry("DeleteTable", new Operation<>(new DeleteTableDispatcher(mapper), DeleteTableRequest.class)),
                Map.entry("DescribeTable", new Operation<>(new DescribeTableDispatcher(mapper), DescribeTableRequest.class)),
                Map.entry("DescribeLimits", new Operation<>(new DescribeLimitsDispatcher(mapper), DescribeLimitsRequest.class)),
                Map.entry("GetItem", new Operation<>(new GetItemDispatcher(mapper), GetItemRequest.class)),
                Map.entry("ListTables", new Operation<>(new ListTablesDispatcher(mapper), ListTablesRequest.class)),
                Map.entry("PutItem", new Operation<>(new PutItemDispatcher(mapper), PutItemRequest.class)),
                Map.entry("Query", new Operation<>(new QueryDispatcher(mapper), QueryRequest.class)),
                Map.entry("Scan", new Operation<>(new ScanDispatcher(mapper), ScanRequest.class)),
                Map.entry("UpdateItem", new Operation<>(new UpdateItemDispatcher(mapper), UpdateItemRequest.class)),
                Map.entry("UpdateTable", new Operation<>(new UpdateTableDispatcher(mapper), UpdateTableRequest.class)),
                Map.entry("TagResource", new Operation<>(new TagResourceDispatcher(mapper), TagResourceRequest.class)),
                Map.entry("UntagResource", new Operation<>(new UntagResourceDispatcher(mapper), UntagResourceRequest.class)),
                Map.entry("ListTagsOfResource", new Operation<>(new ListTagsOfResourceDispatcher(mapper), ListTagsOfResourceRequest.class)),
                Map.entry("DescribeTimeToLive", new Operation<>(new DescribeTimeToLiveDispatcher(mapper), DescribeTimeToLiveRequest.class)),
                Map.entry("UpdateTimeToLive", new Operation<>(new UpdateTimeToLiveDispatcher(mapper), UpdateTimeToLiveRequest.class)),
                Map.entry("ExecuteStatement", new Operation<>(new ExecuteStatementDispatcher(mapper), ExecuteStatementRequest.class)),
                Map.entry("ExecuteTransaction", new Operation<>(new ExecuteTransactionDispatcher(mapper), ExecuteTransactionRequest.class)),
                Map.entry("BatchExecuteStatement", new Operation<>(new BatchExecuteStatementDispatcher(mapper), BatchExecuteStatementRequest.class)),
                Map.entry("ListStreams", new Operation<>(new ListStreamsDispatcher(mapper), ListStreamsRequest.class)),
                Map.entry("DescribeStream", new Operation<>(new DescribeStreamDispatcher(mapper), DescribeStreamRequest.class)),
                Map.entry("GetShardIterator", new Operation<>(new GetShardIteratorDispatcher(mapper), GetShardIteratorRequest.class)),
                Map.entry("GetRecords", new Operation<>(new GetRecordsDispatcher(mapper), GetRecordsRequest.class)));
    }

    private final CompletableFuture<Local> local = new CompletableFuture<>();
    private volatile long startMillis = -1;

    /**
     * Starts DynamoDB Local on a background thread, so the edge is healthy at once: loading its classes, opening
     * the database and loading SQLite take about half a second on an idle machine.
     */
    DynamoDbLocalEngine(Path dbDir) {
        Thread starter = new Thread(() -> start(dbDir), "dynamodb-local-start");
        starter.setDaemon(true);
        starter.start();
    }

    private void start(Path dbDir) {
        long started = System.nanoTime();
        try {
            java.nio.file.Files.createDirectories(dbDir);
            DynamoDbObjectMapper mapper = new DynamoDbObjectMapper();
            NativeSqlite.useLibraryUnder(dbDir.resolve("native"));
            SQLiteLibraryLoader.initialize();   // DynamoDB Local's own loader: loads the native library named above
            SqliteDurability.useWriteAheadLog(dbDir.resolve(SHARED_DB_FILE));
            // (authority level 0, not in memory, db dir, sharedDb, no artificial CREATING/DELETING delays),
            // as DynamoDB Local's ServerRunner builds it from "-sharedDb -dbPath <dir>".
            LocalDynamoDBRequestHandler handler = new LocalDynamoDBRequestHandler(0, false,
                    dbDir.toAbsolutePath().toString(), true, false);
            // Opens the database file now, not on the first request.
            handler.listTables(ACCESS_KEY, "us-east-1", ListTablesRequest.builder().build());
            Local ready = new Local(handler, SqliteDurability.attach(handler), mapper, operations(mapper));
            startMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            local.complete(ready);
        } catch (Throwable e) {
            LOG.log(Level.SEVERE, "DynamoDB Local failed to start in " + dbDir, e);
            local.completeExceptionally(e);
        }
    }

    /** {@code starting}, {@code running} or {@code failed: …}, for the health endpoint. */
    String state() {
        if (!local.isDone()) {
            return "starting";
        }
        if (local.isCompletedExceptionally()) {
            return "failed: " + local.handle((h, e) -> rootMessage(e)).join();
        }
        return "running";
    }

    /** How long DynamoDB Local took to become ready, or -1 while it is starting. */
    long startMillis() {
        return startMillis;
    }

    /** Runs one operation; waits for DynamoDB Local to finish starting first. */
    Reply execute(String targetPrefix, String operation, byte[] body, String region) {
        Local ready;
        try {
            ready = local.get(2, TimeUnit.MINUTES);
        } catch (ExecutionException e) {
            return unavailable("DynamoDB Local failed to start: " + rootMessage(e));
        } catch (TimeoutException e) {
            return unavailable("DynamoDB Local is still starting after 2 minutes");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return unavailable("interrupted while DynamoDB Local was starting");
        }
        try {
            Operation<?> op = operation(ready, targetPrefix, operation);
            if (!startsAnObject(body)) {
                return serializationError(ready, "Start of structure or map found where not expected: "
                        + "the request body must be a JSON object");
            }
            String regionName = regionName(region);
            String arnPrefix = "arn:aws:dynamodb:" + regionName + ":";
            byte[] request = ARN_INPUTS.contains(operation) ? replace(body, arnPrefix, LOCAL_ARN_PREFIX, regionName) : body;
            byte[] answer = op.run(ready.mapper(), request, regionName, ready.handler());
            return new Reply(200, ARN_OUTPUTS.contains(operation)
                    ? replace(answer, LOCAL_ARN_PREFIX, arnPrefix, regionName) : answer);
        } catch (DynamoDBLocalServiceException e) {
            return error(ready, e.statusCode(), new ExceptionBean(e.getErrorCode(), e.getMessage(),
                    e.getCancellationReasons(), e.getItem()));
        } catch (JsonProcessingException e) {
            // DynamoDB answers a body it cannot read with a 400 SerializationException (DynamoDB Local would
            // log it and answer 500 InternalFailure, which SDKs retry).
            return serializationError(ready, e.getOriginalMessage());
        } catch (Exception e) {
            LOG.log(Level.SEVERE, "DynamoDB Local failed on " + operation, e);
            return error(ready, AmazonServiceExceptionType.INTERNAL_FAILURE.getResponseStatus(),
                    new ExceptionBean(AmazonServiceExceptionType.INTERNAL_FAILURE));
        }
    }

    /** The operation the X-Amz-Target names, under the prefix of its API (DynamoDB or DynamoDB Streams). */
    private static Operation<?> operation(Local ready, String targetPrefix, String operation) {
        if (operation == null || operation.isEmpty()) {
            throw AWSExceptionFactory.buildAWSException(AmazonServiceExceptionType.MISSING_ACTION);
        }
        if (!TARGET_PREFIX.equals(targetPrefix) && !STREAMS_TARGET_PREFIX.equals(targetPrefix)) {
            throw AWSExceptionFactory.buildAWSException(AmazonServiceExceptionType.INVALID_VERSION);
        }
        Operation<?> op = ready.operations().get(operation);
        boolean streams = STREAMS_OPERATIONS.contains(operation);
        if (op == null || streams != STREAMS_TARGET_PREFIX.equals(targetPrefix)) {
            throw AWSExceptionFactory.buildAWSException(AmazonServiceExceptionType.INVALID_ACTION);
        }
        return op;
    }

    private static Reply serializationError(Local ready, String message) {
        ExceptionBean bean = new ExceptionBean("SerializationException", message);
        bean.setType("com.amazon.coral.service#SerializationException");
        return error(ready, 400, bean);
    }

    /** An empty body (read as {@code {}}) or one whose first non-blank byte opens an object; {@code null} is neither. */
    private static boolean startsAnObject(byte[] body) {
        for (byte b : body) {
            if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
                return b == '{';
            }
        }
        return true;
    }

    private static Reply error(Local ready, int status, ExceptionBean bean) {
        try {
            return new Reply(status, ready.mapper().writeValueAsBytes(bean));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write DynamoDB Local's error " + bean.getType(), e);
        }
    }

    /** Without a running DynamoDB Local there is no mapper: the error is written in DynamoDB's shape by hand. */
    private static Reply unavailable(String message) {
        return new Reply(500, Json.write(Json.object("__type", "com.amazon.coral.service#InternalFailure",
                "message", message)).getBytes(StandardCharsets.UTF_8));
    }

    /** Replaces one ARN prefix by the other in a JSON body; with no region (DynamoDB Local then uses "") nothing. */
    private static byte[] replace(byte[] json, String from, String to, String region) {
        return region.isEmpty() ? json
                : new String(json, StandardCharsets.UTF_8).replace(from, to).getBytes(StandardCharsets.UTF_8);
    }

    /** DynamoDB Local accepts only region names made of letters, digits and dashes, else it uses "". */
    private static String regionName(String region) {
        return region != null && region.matches("^[A-Za-z0-9]+(-[A-Za-z0-9]+)*$") ? region : "";
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }

    @Override
    public void close() {
        try {
            local.get(2, TimeUnit.MINUTES).sqlite().close();
        } catch (ExecutionException e) {
            // it never started: nothing to close
        } catch (TimeoutException e) {
            LOG.warning("DynamoDB Local did not finish starting; closing without shutting it down");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

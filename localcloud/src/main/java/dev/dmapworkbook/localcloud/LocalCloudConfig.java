package dev.dmapworkbook.localcloud;

import dev.dmapworkbook.localcloud.edge.EdgeSettings;
import dev.dmapworkbook.localcloud.states.SyncPolicy;

import java.nio.file.Path;

/**
 * How a local cloud runs.
 *
 * @param host          interface to bind (127.0.0.1 unless told otherwise)
 * @param port          edge port; 0 picks a free one (tests)
 * @param dataDir       where all state lives ({@code .localcloud})
 * @param waitScale     multiplier for Wait states and retry intervals (1 = real time; 0.01 for demos and tests)
 * @param lambdaWorkers worker JVMs per function before invocations queue
 * @param edge          who besides the learner's own tools may call ({@code --allow-origin}, {@code --verify-signatures})
 * @param sfnSync       how far a confirmed Step Functions change is written before its answer ({@code --sfn-sync})
 */
public record LocalCloudConfig(String host, int port, Path dataDir, double waitScale, int lambdaWorkers, EdgeSettings edge,
                               SyncPolicy sfnSync) {
    public static final int DEFAULT_PORT = 4566;
    public static final String ACCOUNT_ID = "000000000000";
    public static final String DEFAULT_REGION = "us-east-1";

    public static LocalCloudConfig defaults() {
        return new LocalCloudConfig("127.0.0.1", DEFAULT_PORT, Path.of(".localcloud"), 1.0,
                Math.max(2, Runtime.getRuntime().availableProcessors()), EdgeSettings.defaults(),
                SyncPolicy.BATCH);
    }

    /** For tests: a free port and the given data directory. */
    public static LocalCloudConfig forTests(Path dataDir) {
        return defaults().withPort(0).withDataDir(dataDir);
    }

    public LocalCloudConfig withPort(int port) {
        return new LocalCloudConfig(host, port, dataDir, waitScale, lambdaWorkers, edge, sfnSync);
    }

    public LocalCloudConfig withHost(String host) {
        return new LocalCloudConfig(host, port, dataDir, waitScale, lambdaWorkers, edge, sfnSync);
    }

    public LocalCloudConfig withDataDir(Path dataDir) {
        return new LocalCloudConfig(host, port, dataDir, waitScale, lambdaWorkers, edge, sfnSync);
    }

    public LocalCloudConfig withWaitScale(double waitScale) {
        return new LocalCloudConfig(host, port, dataDir, waitScale, lambdaWorkers, edge, sfnSync);
    }

    public LocalCloudConfig withEdge(EdgeSettings edge) {
        return new LocalCloudConfig(host, port, dataDir, waitScale, lambdaWorkers, edge, sfnSync);
    }

    public LocalCloudConfig withLambdaWorkers(int lambdaWorkers) {
        return new LocalCloudConfig(host, port, dataDir, waitScale, lambdaWorkers, edge, sfnSync);
    }

    public LocalCloudConfig withSfnSync(SyncPolicy sfnSync) {
        return new LocalCloudConfig(host, port, dataDir, waitScale, lambdaWorkers, edge, sfnSync);
    }
}

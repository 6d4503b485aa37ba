package dev.dmapworkbook.localcloud;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/**
 * The local cloud's command line: {@code serve} (foreground), {@code start} (background, returns once healthy),
 * {@code stop}, {@code status}, {@code reset}; {@code graph} draws a definition as SVG. Exit codes: 0 done, 1 failed, 3 not running ({@code status}, as LSB).
 */
@Command(name = "localcloud", mixinStandardHelpOptions = true, scope = CommandLine.ScopeType.INHERIT, // --help on every command
        description = "One local JVM that speaks the AWS wire protocols (S3, DynamoDB, Lambda, Step Functions, "
                + "CloudFormation, STS, IAM) on one port.",
        subcommands = {Main.Serve.class, Main.Start.class, Main.Stop.class, Main.Status.class, Main.Reset.class,
                S3InventoryCommand.class, GraphCommand.class})
public final class Main implements Runnable {
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs a command and returns its exit code (tests call this instead of {@link #main}). */
    public static int run(String... args) {
        return new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true).execute(args);
    }

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }

    /** The options that say which server (host, port, data dir) is meant: all a client command such as s3-inventory takes. */
    static class WhichServer {
        @Option(names = "--port", description = "edge port (default: ${DEFAULT-VALUE})")
        int port = LocalCloudConfig.DEFAULT_PORT;

        @Option(names = "--host", description = "interface to bind and to contact (default: ${DEFAULT-VALUE})")
        String host = "127.0.0.1";

        @Option(names = "--data-dir", description = "where all state lives (default: ${DEFAULT-VALUE})")
        java.nio.file.Path dataDir = java.nio.file.Path.of(".localcloud");

        /** This server, run as the defaults say (only {@link ServerOptions} changes how it runs). */
        LocalCloudConfig config() {
            return LocalCloudConfig.defaults().withHost(host).withPort(port).withDataDir(dataDir.toAbsolutePath().normalize());
        }
    }

    /** Options the server commands share: which server, and how it runs. */
    static final class ServerOptions extends WhichServer {
        @Option(names = "--wait-scale", description = "multiplier for Wait states and retry intervals (default: ${DEFAULT-VALUE})")
        double waitScale = 1.0;

        @Option(names = "--lambda-workers", description = "worker JVMs per function before invocations queue (default: ${DEFAULT-VALUE})")
        int lambdaWorkers = LocalCloudConfig.defaults().lambdaWorkers();

        @Option(names = "--allow-origin", paramLabel = "ORIGIN", description = "a web origin (scheme://host[:port]) "
                + "whose pages may call the local cloud from a browser, besides its own; repeatable. Others get 403.")
        java.util.List<String> allowedOrigins = new java.util.ArrayList<>();

        @Option(names = "--verify-signatures", description = "refuse requests whose SigV4 signature does not match "
                + "the credentials the local cloud knows (access key 'test', secret 'test'); off by default")
        boolean verifySignatures;

        @Option(names = "--sfn-sync", paramLabel = "always|batch|none", description = "how far a confirmed Step Functions change is "
                + "written before its answer: batch = fsync per batch of answers, always = fsync every journal write, "
                + "none = written to the OS only, no fsync (default: batch)")
        dev.dmapworkbook.localcloud.states.SyncPolicy sfnSync = dev.dmapworkbook.localcloud.states.SyncPolicy.BATCH;

        @Override
        LocalCloudConfig config() {
            return new LocalCloudConfig(host, port, dataDir.toAbsolutePath().normalize(), waitScale, lambdaWorkers,
                    new dev.dmapworkbook.localcloud.edge.EdgeSettings(allowedOrigins, verifySignatures),
                    sfnSync);
        }
    }

    /** A command about one server: its options say which, and it acts through that server's {@link Lifecycle}. */
    abstract static class LifecycleCommand implements Callable<Integer> {
        abstract WhichServer server();

        @Override
        public Integer call() throws Exception {
            return run(new Lifecycle(server().config()));
        }

        abstract int run(Lifecycle lifecycle) throws Exception;
    }

    /** {@code serve} and {@code start}: they run the server, so they take how it runs too. */
    abstract static class ServerCommand extends LifecycleCommand {
        @Mixin
        ServerOptions options;

        @Override
        WhichServer server() {
            return options;
        }
    }

    /** {@code stop}, {@code status}, {@code reset}: they only find a server, so they take only which one. */
    abstract static class ClientCommand extends LifecycleCommand {
        @Mixin
        WhichServer options;

        @Override
        WhichServer server() {
            return options;
        }
    }

    @Command(name = "serve", description = "Run the local cloud in the foreground until interrupted.")
    static final class Serve extends ServerCommand {
        @Override
        int run(Lifecycle lifecycle) throws Exception {
            return lifecycle.serve();
        }
    }

    @Command(name = "start", description = "Start the local cloud in the background (pid file and log in the data dir); "
            + "return once it is healthy.")
    static final class Start extends ServerCommand {
        @Option(names = "--timeout", description = "seconds to wait for health (default: ${DEFAULT-VALUE})")
        int timeoutSeconds = 60;

        @Override
        int run(Lifecycle lifecycle) throws Exception {
            return lifecycle.start(java.time.Duration.ofSeconds(timeoutSeconds));
        }
    }

    @Command(name = "stop", description = "Stop the local cloud started for this data dir.")
    static final class Stop extends ClientCommand {
        @Override
        int run(Lifecycle lifecycle) throws Exception {
            return lifecycle.stop();
        }
    }

    @Command(name = "status", description = "Say whether the local cloud runs, and the state of each service.")
    static final class Status extends ClientCommand {
        @Override
        int run(Lifecycle lifecycle) {
            return lifecycle.status();
        }
    }

    @Command(name = "reset", description = "Stop the local cloud, then delete its data dir.")
    static final class Reset extends ClientCommand {
        @Option(names = "--force", description = "delete the data dir even if it holds files the local cloud did not write")
        boolean force;

        @Override
        int run(Lifecycle lifecycle) throws Exception {
            return lifecycle.reset(force);
        }
    }
}

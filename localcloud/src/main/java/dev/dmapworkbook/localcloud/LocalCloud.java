package dev.dmapworkbook.localcloud;

import dev.dmapworkbook.localcloud.cloudformation.CloudFormationService;
import dev.dmapworkbook.localcloud.console.ConsoleService;
import dev.dmapworkbook.localcloud.dynamodb.DynamoDbService;
import dev.dmapworkbook.localcloud.edge.EdgeServer;
import dev.dmapworkbook.localcloud.edge.Service;
import dev.dmapworkbook.localcloud.iam.IamService;
import dev.dmapworkbook.localcloud.lambda.LambdaService;
import dev.dmapworkbook.localcloud.logs.LogsService;
import dev.dmapworkbook.localcloud.s3.S3Service;
import dev.dmapworkbook.localcloud.states.StatesService;
import dev.dmapworkbook.localcloud.states.dmap.DistributedMaps;
import dev.dmapworkbook.localcloud.sts.StsService;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * A running local cloud: the services, wired to each other in-process, behind one edge port. The command
 * line's {@code serve} and the tests (port 0, a temporary data dir) both start it through {@link #start}.
 */
public final class LocalCloud implements AutoCloseable {
    private final LocalCloudConfig config;
    private final List<Service> services;
    private final EdgeServer edge;
    private final DataDirLock lock;

    private LocalCloud(LocalCloudConfig config, List<Service> services, EdgeServer edge, DataDirLock lock) {
        this.config = config;
        this.services = services;
        this.edge = edge;
        this.lock = lock;
    }

    /**
     * Starts every service on {@code config}'s data dir and port. A start that fails closes what it opened (the
     * edge port, the services so far, the data dir's lock), so the same port and data dir can be used again at once.
     *
     * @throws IllegalStateException when another local cloud uses the data dir ({@link DataDirLock})
     */
    public static LocalCloud start(LocalCloudConfig config) {
        List<Service> services = new ArrayList<>();
        DataDirLock lock = DataDirLock.acquire(config.dataDir());
        EdgeServer edge = null;
        try {
            edge = new EdgeServer(config.host(), config.port(), config.edge());
            // Services are created in dependency order; each gets the ones it calls in-process.
            services.add(new S3Service(config.dataDir().resolve("s3")));
            services.add(new DynamoDbService(config.dataDir()));
            services.add(new StsService());
            services.add(new IamService(config.dataDir()));
            LogsService logs = new LogsService(config.dataDir().resolve("logs"));
            services.add(logs);
            S3Service s3 = find(services, S3Service.class);
            services.add(new LambdaService(config.dataDir(), edge.port(), config.lambdaWorkers(), logs.store(), s3::objects,
                    config.waitScale()));
            services.add(new StatesService(config).useDynamoDb(find(services, DynamoDbService.class)::call)
                    .useLambda(find(services, LambdaService.class).invoker())
                    .useDistributedMap(new DistributedMaps(find(services, S3Service.class).objects(),
                            config.dataDir().resolve("states").resolve("spool"))));
            services.add(new CloudFormationService(config, List.copyOf(services))); // it calls all the others
            services.add(new ConsoleService(List.copyOf(services))); // last: it reads all the others
            edge.start(services);
            return new LocalCloud(config, services, edge, lock);
        } catch (IOException e) {
            abandon(edge, services, lock);
            throw new UncheckedIOException("cannot start the local cloud on " + config.host() + ":" + config.port(), e);
        } catch (RuntimeException | Error e) {
            abandon(edge, services, lock);
            throw e;
        }
    }

    /** Undoes a start that failed part way; {@code edge} is null when binding the port was what failed. */
    private static void abandon(EdgeServer edge, List<Service> services, DataDirLock lock) {
        if (edge != null) {
            edge.close();
        }
        closeAll(services);
        lock.close();
    }

    public int port() {
        return edge.port();
    }

    /** The endpoint SDK clients use: {@code http://127.0.0.1:<port>}. */
    public URI endpoint() {
        return URI.create("http://" + config.host() + ":" + port());
    }

    public LocalCloudConfig config() {
        return config;
    }

    public EdgeServer edge() {
        return edge;
    }

    /** The running instance of a service, for in-process wiring and tests. */
    public <T extends Service> T service(Class<T> type) {
        return services.stream().filter(type::isInstance).map(type::cast).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no service " + type.getSimpleName()));
    }

    @Override
    public void close() {
        edge.close();
        closeAll(services);
        lock.close();
    }

    private static <T extends Service> T find(List<Service> services, Class<T> type) {
        return services.stream().filter(type::isInstance).map(type::cast).findFirst().orElseThrow();
    }

    private static void closeAll(List<Service> services) {
        for (int i = services.size() - 1; i >= 0; i--) {
            try {
                services.get(i).close();
            } catch (Exception e) {
                System.getLogger(LocalCloud.class.getName()).log(System.Logger.Level.WARNING,
                        "closing " + services.get(i).signingName(), e);
            }
        }
    }
}

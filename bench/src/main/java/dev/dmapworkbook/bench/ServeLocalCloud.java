package dev.dmapworkbook.bench;

import dev.dmapworkbook.localcloud.LocalCloud;
import dev.dmapworkbook.localcloud.LocalCloudConfig;

import java.nio.file.Path;

/**
 * Stand-in for {@code localcloud.jar serve} on a checkout whose localcloud.jar cannot run on its own yet: the same
 * {@code LocalCloud.start} with the default configuration, in the foreground. {@code ServeLocalCloud PORT DATA_DIR}.
 */
final class ServeLocalCloud {
    private ServeLocalCloud() {
    }

    public static void main(String[] args) throws InterruptedException {
        LocalCloud cloud = LocalCloud.start(LocalCloudConfig.defaults().withPort(Integer.parseInt(args[0]))
                .withDataDir(Path.of(args[1])));
        Runtime.getRuntime().addShutdownHook(new Thread(cloud::close));
        Thread.currentThread().join();
    }
}

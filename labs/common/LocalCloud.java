import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * The local target: finds the local cloud at its endpoint, or builds {@code localcloud.jar} when needed and starts
 * it (only on this machine); resets it for lab 05. Talks to it as a learner would: its health URL and the jar's
 * {@code start}/{@code reset} commands.
 */
final class LocalCloud {
    static final String ACCOUNT = "000000000000";

    private final Project project;
    private final Terminal terminal;
    private final Consumer<String> say;

    /** {@code say} prints a line the lab keeps (the transcript, inside a cell). */
    LocalCloud(Project project, Terminal terminal, Consumer<String> say) {
        this.project = project;
        this.terminal = terminal;
        this.say = say;
    }

    /** The local target from the options; starts the local cloud if nothing answers its health check. {@code note} gets the target line. */
    Target connect(LabOptions options, Consumer<String> note) {
        Region region = Region.of(options.value("--region").orElse("us-east-1"));
        URI endpoint = URI.create(options.valueOrEnv("--endpoint", "WORKBOOK_ENDPOINT", LabOptions.LOCAL_DEFAULT_ENDPOINT));
        Path dataDir = dataDir(options, project);
        Target target = new Target(true, region, StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")),
                ACCOUNT, endpoint, dataDir);
        if (healthy(endpoint)) {
            note.accept("target local · " + endpoint + " · " + region + " · the local cloud is running");
            return target;
        }
        if (!"127.0.0.1".equals(endpoint.getHost()) && !"localhost".equals(endpoint.getHost())) {
            throw new Workbook.Stop("nothing answers at " + endpoint + " and it is not on this machine: start the local cloud there");
        }
        Path jar = jar();
        List<String> build = List.of("-pl", "localcloud", "-am", "package", "-Dmaven.test.skip=true");
        if (!Files.isRegularFile(jar)) {
            say.accept(terminal.dim("The local cloud is not built yet: building localcloud/target/localcloud.jar (first run only)…"));
            project.build(build, "localcloud.jar", terminal, say);
        } else if (project.newerSources(jar, "localcloud/src", "localcloud/pom.xml", "pom.xml")) {
            say.accept(terminal.dim("localcloud/src changed since localcloud.jar was built: rebuilding it…"));
            project.build(build, "localcloud.jar", terminal, say);
        }
        say.accept(terminal.dim("Starting the local cloud on port " + target.port() + " (data in " + project.displayPath(dataDir) + ")…"));
        long t0 = System.nanoTime();
        project.runQuietly(command(target, "start"), "start the local cloud");
        Instant deadline = Instant.now().plusSeconds(60);
        while (!healthy(endpoint)) {
            if (Instant.now().isAfter(deadline)) {
                throw new Workbook.Stop("the local cloud did not become healthy within 60 s; see "
                        + project.displayPath(dataDir.resolve("localcloud.log")));
            }
            Workbook.sleep(200);
        }
        note.accept("target local · " + endpoint + " · " + region + " · local cloud started in "
                + Terminal.seconds(System.nanoTime() - t0));
        return target;
    }

    /** The data directory: --data-dir, else WORKBOOK_DATA_DIR, else {@code .localcloud} in the workbook's folder. */
    static Path dataDir(LabOptions options, Project project) {
        return Path.of(options.valueOrEnv("--data-dir", "WORKBOOK_DATA_DIR", project.root().resolve(".localcloud").toString()))
                .toAbsolutePath().normalize();
    }

    /** {@code localcloud.jar reset}: stops the server and deletes its data directory. */
    void reset(Target target) {
        project.runQuietly(command(target, "reset"), "reset the local cloud");
        say.accept("  reset: the local cloud on port " + target.port() + " is stopped and "
                + project.displayPath(target.dataDir()) + " is deleted");
    }

    private Path jar() {
        return project.root().resolve("localcloud/target/localcloud.jar");
    }

    private List<String> command(Target target, String subcommand) {
        return List.of(Project.javaBin(), "-jar", jar().toString(), subcommand, "--host", target.endpoint().getHost(),
                "--port", Integer.toString(target.port()), "--data-dir", target.dataDir().toString());
    }

    private static boolean healthy(URI endpoint) {
        try {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(endpoint.resolve("/_localcloud/health"))
                    .timeout(Duration.ofSeconds(3)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}

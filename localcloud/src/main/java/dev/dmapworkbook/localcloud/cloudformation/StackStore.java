package dev.dmapworkbook.localcloud.cloudformation;

import dev.dmapworkbook.localcloud.core.AtomicFiles;
import dev.dmapworkbook.localcloud.core.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Stacks on disk: one JSON file per live stack under {@code <dataDir>/cloudformation/stacks/}, written atomically. */
final class StackStore {
    private final Path dir;

    StackStore(Path dataDir) {
        this.dir = dataDir.resolve("cloudformation").resolve("stacks");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
    }

    List<Stack> load() {
        List<Stack> stacks = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                stacks.add(Stack.fromJson(Json.parse(Files.readAllBytes(file))));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read stacks from " + dir, e);
        }
        return stacks;
    }

    /** Call with the stack's lock held. */
    void save(Stack stack) {
        AtomicFiles.write(file(stack), Json.writeBytes(stack.toJson()));
    }

    void remove(Stack stack) {
        try {
            Files.deleteIfExists(file(stack));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove stack " + stack.name, e);
        }
    }

    private Path file(Stack stack) {
        return dir.resolve(stack.name + ".json");
    }
}

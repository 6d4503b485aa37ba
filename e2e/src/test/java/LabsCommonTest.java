import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The labs' shared code (labs/common, compiled here as it is), on what a learner could check by hand: lab 01's
 * unzip stays inside its folder, lab 04's independent computation gives SOURCE.md's values, lab 03's diff.
 * (Default package: the JBang sources are in it.)
 */
class LabsCommonTest {

    @Test
    void unzipWritesOnlyStationFilesInsideItsFolder(@TempDir Path dir) throws IOException {
        Path zip = dir.resolve("evil.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            for (String name : List.of("../evil.csv", "/abs.csv", "noah/sub/../../up.csv", "C:/win.csv", "noah/readme.txt",
                    "noah/ASN00001011.csv")) {
                out.putNextEntry(new ZipEntry(name));
                out.write("ID,DATE,ELEMENT,DATA_VALUE,M_FLAG,Q_FLAG,S_FLAG,OBS_TIME\n".getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
        Path target = Files.createDirectories(dir.resolve("data"));
        int rejected = Dataset.unzip(zip, target);
        assertEquals(5, rejected);
        try (var files = Files.walk(dir)) {
            assertEquals(List.of(target.resolve("ASN00001011.csv"), zip), files.filter(Files::isRegularFile).sorted().toList(),
                    "only the station file was written, inside the target folder");
        }
        assertFalse(Files.exists(dir.resolve("evil.csv")));
        assertFalse(Files.exists(dir.resolve("up.csv")));
    }

    @Test
    void independentComputationGivesTheWorkshopLambdasValues() throws IOException {
        Path root = Path.of(System.getProperty("project.root", "..")).toAbsolutePath().normalize();
        Path sample = java.util.stream.Stream.of(Path.of(System.getProperty("shared.data", "../../shared/data")),
                        root.resolve("../shared/data"), root.resolve("../../shared/data"))
                .map(p -> p.resolve("noaa-sample").normalize()).filter(Files::isDirectory).findFirst().orElse(root.resolve("absent"));
        Assumptions.assumeTrue(Files.isDirectory(sample), "../shared/data absent: skipping the real-data test");
        // SOURCE.md's "Lambda max" column; null = no PRCP rows, no item.
        Map<String, Double> expected = new java.util.HashMap<>(Map.of("ACW00011604", 378.0, "AGM00060387", 1824.0,
                "ASN00002059", 0.0, "ASN00009118", 0.0, "ASN00014157", 1078.0, "ASN00032187", 13300.0, "ASN00040869", 57560.0));
        expected.put("ASN00009764", null);
        expected.put("ASN00015634", null);
        for (var e : expected.entrySet()) {
            Dataset.Expected computed = Dataset.expected(sample.resolve(e.getKey() + ".csv"));
            assertEquals(e.getKey(), computed.station());
            OptionalDouble max = computed.max();
            if (e.getValue() == null) {
                assertTrue(max.isEmpty(), e.getKey() + " has no PRCP rows");
            } else {
                assertEquals(e.getValue(), max.getAsDouble(), 0.0, e.getKey());
            }
        }
    }

    @Test
    void theDiffOfLab03ShowsExactlyTheAddedBatchInput() throws IOException {
        Path root = Path.of(System.getProperty("project.root", ".."));
        String broken = Files.readString(root.resolve("labs/02-run-and-fail/workflow.asl.json")).strip();
        String fixed = Files.readString(root.resolve("labs/03-fix-batchinput/workflow-fixed.asl.json")).strip();
        List<String> changed = LineDiff.unified(broken, fixed, 0).stream().filter(l -> l.startsWith("+") || l.startsWith("-")).toList();
        assertEquals(List.of(
                "-         \"MaxItemsPerBatch\": 100",
                "+         \"MaxItemsPerBatch\": 100,",
                "+         \"BatchInput\": {",
                "+           \"Bucket.$\": \"$.bucket\"",
                "+         }"), changed);
    }
}

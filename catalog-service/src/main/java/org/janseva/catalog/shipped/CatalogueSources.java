package org.janseva.catalog.shipped;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * The curated sources of the shipped catalogue: small pipe-separated text files under
 * {@code classpath:catalogue/}. A line is split at {@code |}; blank lines and lines starting with
 * {@code #} are comments. Texts are NFC-normalised as they are read.
 */
final class CatalogueSources {

    /** The files, in the order they are read; their bytes make the migration's checksum. */
    static final List<String> FILES = List.of(
            "categories.txt",
            "states.txt",
            "places.txt",
            "fields.txt",
            "operations.txt",
            "central-departments.txt",
            "state-departments.txt",
            "billers.txt",
            "translations.txt",
            "synonyms.txt");

    /** One source line, split into its cells. */
    record Line(String file, int number, List<String> cells) {

        String cell(int index) {
            if (index >= cells.size()) {
                throw error("has no column " + (index + 1));
            }
            return cells.get(index);
        }

        int size() {
            return cells.size();
        }

        IllegalStateException error(String message) {
            return new IllegalStateException(file + ":" + number + " " + message);
        }
    }

    private final Map<String, byte[]> contents;

    private CatalogueSources(Map<String, byte[]> contents) {
        this.contents = contents;
    }

    /** @return the sources from the class path */
    static CatalogueSources fromClasspath() {
        return fromClasspath(Map.of());
    }

    /**
     * The sources as Flyway {@code V3} shipped them: today's files but {@code synonyms.txt}, which
     * later migrations changed (V15) and which is kept as it was under {@code catalogue/v3/}. Their
     * checksum is V3's, so that databases migrated before stay valid, and the file must stay
     * byte for byte as it is.
     */
    static CatalogueSources asShippedByV3() {
        return fromClasspath(Map.of("synonyms.txt", "v3/synonyms.txt"));
    }

    private static CatalogueSources fromClasspath(Map<String, String> replaced) {
        Map<String, byte[]> contents = new LinkedHashMap<>();
        ClassLoader loader = CatalogueSources.class.getClassLoader();
        for (String file : FILES) {
            try (InputStream in = loader.getResourceAsStream("catalogue/" + replaced.getOrDefault(file, file))) {
                if (in == null) {
                    throw new IllegalStateException("Missing catalogue source catalogue/" + file);
                }
                contents.put(file, in.readAllBytes());
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }
        return new CatalogueSources(contents);
    }

    /** @return the lines of a file, comments and blank lines left out */
    List<Line> lines(String file) {
        byte[] bytes = contents.get(file);
        if (bytes == null) {
            throw new IllegalArgumentException("Not a catalogue source: " + file);
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        List<Line> lines = new ArrayList<>();
        int number = 0;
        for (String raw : text.split("\n", -1)) {
            number++;
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            List<String> cells = new ArrayList<>();
            for (String cell : line.split("\\|", -1)) {
                cells.add(Normalizer.normalize(cell.strip(), Normalizer.Form.NFC));
            }
            lines.add(new Line(file, number, List.copyOf(cells)));
        }
        return lines;
    }

    /** @return a checksum over every source, so that Flyway notices when shipped data was edited */
    int checksum() {
        CRC32 crc = new CRC32();
        contents.forEach((file, bytes) -> {
            crc.update(file.getBytes(StandardCharsets.UTF_8));
            crc.update(bytes);
        });
        return (int) crc.getValue();
    }
}

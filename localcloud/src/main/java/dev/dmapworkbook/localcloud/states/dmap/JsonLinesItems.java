package dev.dmapworkbook.localcloud.states.dmap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.dmapworkbook.localcloud.core.Json;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/** One item per line of a JSON Lines object (spec 9.3b, InputType JSONL); blank lines are skipped [GUESS]. */
final class JsonLinesItems extends LookaheadItems {
    private final BufferedReader reader;
    private long line;

    JsonLinesItems(InputStream content) {
        this.reader = new BufferedReader(new InputStreamReader(content, StandardCharsets.UTF_8), 64 * 1024);
    }

    @Override
    JsonNode read() {
        while (true) {
            String text;
            try {
                text = reader.readLine();
            } catch (IOException e) {
                throw new ItemReaderException("Reading the JSONL object failed: " + e.getMessage());
            }
            if (text == null) {
                return null;
            }
            line++;
            if (text.isBlank()) {
                continue;
            }
            try {
                return Json.MAPPER.readTree(text);
            } catch (JsonProcessingException e) {
                throw new ItemReaderException("Line " + line + " of the JSONL object is not valid JSON: "
                        + e.getOriginalMessage());
            }
        }
    }

    @Override
    void closeSource() throws IOException {
        reader.close();
    }
}

package dev.dmapworkbook.localcloud.core;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VerifyingInputStreamTest {
    private static final byte[] DATA = "the quick brown fox jumps over the lazy dog".getBytes(StandardCharsets.UTF_8);

    private static String hex(String algorithm, byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
    }

    @Test
    void countsAndDigestsWhatPassesThrough() throws Exception {
        var in = new VerifyingInputStream(new ByteArrayInputStream(DATA), "SHA-256");
        assertEquals('t', in.read());
        assertEquals(4, in.skip(4));
        assertArrayEquals(java.util.Arrays.copyOfRange(DATA, 5, DATA.length), in.readAllBytes());
        assertEquals(DATA.length, in.count());
        assertEquals(hex("SHA-256", DATA), in.hex());
    }

    @Test
    void theExpectedBytesPass() throws Exception {
        var in = new VerifyingInputStream(new ByteArrayInputStream(DATA), "MD5").expecting(DATA.length, hex("MD5", DATA).toUpperCase());
        assertArrayEquals(DATA, in.readAllBytes());
        assertEquals(-1, in.read(), "the end can be read again");
        assertTrue(in.mismatch().isEmpty());
    }

    @Test
    void aByteBeyondTheExpectedSizeFailsAtOnce() throws Exception {
        var in = new VerifyingInputStream(new ByteArrayInputStream(DATA), "MD5").expecting(10, hex("MD5", DATA));
        byte[] buffer = new byte[4];
        assertEquals(4, in.read(buffer));
        assertEquals(4, in.read(buffer));
        var m = assertThrows(VerifyingInputStream.Mismatch.class, () -> in.read(buffer));
        assertEquals("size", m.what());
        assertEquals("10 bytes", m.expected());
        assertEquals("more than 10 bytes", m.actual());
        assertEquals(m, in.mismatch().orElseThrow());
        assertThrows(VerifyingInputStream.Mismatch.class, in::read, "it stays failed");
    }

    @Test
    void aShortStreamOrAnotherDigestFailsBeforeTheEndIsPassedOn() throws Exception {
        var shortStream = new VerifyingInputStream(new ByteArrayInputStream(DATA), "MD5").expecting(DATA.length + 1, hex("MD5", DATA));
        var m = assertThrows(VerifyingInputStream.Mismatch.class, shortStream::readAllBytes);
        assertEquals(DATA.length + " bytes", m.actual());
        assertEquals((DATA.length + 1) + " bytes", m.expected());

        String other = "00000000000000000000000000000000";
        var altered = new VerifyingInputStream(new ByteArrayInputStream(DATA), "MD5").expecting(DATA.length, other);
        byte[] buffer = new byte[DATA.length];
        assertEquals(DATA.length, altered.readNBytes(buffer, 0, DATA.length), "the bytes themselves are passed on");
        var d = assertThrows(VerifyingInputStream.Mismatch.class, altered::read);
        assertEquals("MD5", d.what());
        assertEquals(other, d.expected());
        assertEquals(hex("MD5", DATA), d.actual());
        assertEquals("the MD5 is " + hex("MD5", DATA) + ", not " + other, d.getMessage());
    }

    @Test
    void drainReadsTheRestAndChecksIt() throws Exception {
        InputStream source = new ByteArrayInputStream(DATA);
        var in = new VerifyingInputStream(source, "MD5").expecting(DATA.length, hex("MD5", DATA));
        in.read();
        in.drain();
        assertEquals(DATA.length, in.count());
        var bad = new VerifyingInputStream(new ByteArrayInputStream(DATA), "MD5").expecting(DATA.length - 1, "x");
        assertThrows(IOException.class, bad::drain);
    }
}

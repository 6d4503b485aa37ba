package dev.dmapworkbook.localcloud.s3;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

class Crc64NvmeTest {
    @Test
    void matchesTheCatalogueCheckValue() {
        Crc64Nvme crc = new Crc64Nvme();
        byte[] check = "123456789".getBytes(StandardCharsets.UTF_8);
        crc.update(check, 0, check.length);
        assertEquals(0xAE8B14860A799888L, crc.getValue());
    }

    @Test
    void slicedAndBytewiseUpdatesAgree() {
        byte[] data = new byte[10_007];
        new Random(7).nextBytes(data);
        Crc64Nvme sliced = new Crc64Nvme();
        sliced.update(data, 0, data.length);
        Crc64Nvme bytewise = new Crc64Nvme();
        for (byte b : data) {
            bytewise.update(b);
        }
        assertEquals(bytewise.getValue(), sliced.getValue());
    }
}

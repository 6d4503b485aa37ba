package dev.dmapworkbook.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StationCsvTest {

    static final String HEADER = "ID,DATE,ELEMENT,DATA_VALUE,M_FLAG,Q_FLAG,S_FLAG,OBS_TIME\n";

    static PrecipitationMaxima read(String csv) {
        return StationCsv.read(new StringReader(csv), "s3://bucket/csv/by_station/TEST.csv");
    }

    static Map<String, String> maxima(PrecipitationMaxima result) {
        var out = new java.util.LinkedHashMap<String, String>();
        result.maxima().forEach((k, v) -> out.put(k, PrecipitationMaxima.asNumber(v)));
        return out;
    }

    @Test
    void theHighestPrcpValueWinsAndOtherElementsDoNotCount() {
        var result = read(HEADER
                + "ASN00001011,19661201,PRCP,12,,,a,\n"
                + "ASN00001011,19661202,TMAX,999,,,a,\n"
                + "ASN00001011,19661203,PRCP,378,,,a,\n"
                + "ASN00001011,19661204,MDPR,5000,,,a,\n"
                + "ASN00001011,19661205,PRCP,40,,,a,\n");
        assertEquals(Map.of("ASN00001011", "378"), maxima(result));
        assertEquals(5, result.rows());
        assertEquals(3, result.precipitationRows());
        assertEquals(0, result.rowsSkipped());
    }

    @Test
    void qualityFlagsAreIgnored() {
        var result = read(HEADER
                + "ASN00040869,20001130,PRCP,810,,,a,\n"
                + "ASN00040869,20001201,PRCP,57560,,X,a,\n");
        assertEquals(Map.of("ASN00040869", "57560"), maxima(result));
    }

    @Test
    void aFileWithoutPrcpRowsYieldsNoStation() {
        var result = read(HEADER
                + "ASN00009764,19670801,TMAX,250,,,a,\n"
                + "ASN00009764,19670801,TMIN,120,,,a,\n");
        assertTrue(result.maxima().isEmpty());
        assertEquals(2, result.rows());
    }

    @Test
    void allZeroPrecipitationYieldsZero() {
        var result = read(HEADER
                + "ASN00002059,18990401,PRCP,0,,,a,\n"
                + "ASN00002059,18990402,PRCP,0,T,,a,\n");
        assertEquals(Map.of("ASN00002059", "0"), maxima(result));
    }

    @Test
    void theMaximumStartsAtZeroSoNegativeValuesGiveZero() {
        assertEquals(Map.of("X1", "0"), maxima(read(HEADER + "X1,20000101,PRCP,-5,,,a,\n")));
    }

    @Test
    void quotedFieldsWithCommasQuotesAndLineBreaksAreOneField() {
        var result = read(HEADER
                + "\"ASN00001011\",\"19661201\",\"PRCP\",\"77\",\"\",\"\",\"a\",\"\"\n"
                + "ASN00001011,19661202,TMAX,10,,\"a, \"\"quoted\"\"\nnote\",a,\n"
                + "ASN00001011,19661203,PRCP,\"12\",,,a,\n");
        assertEquals(Map.of("ASN00001011", "77"), maxima(result));
        assertEquals(3, result.rows());
        assertEquals(0, result.rowsSkipped());
    }

    @Test
    void crlfAndBareCrLineEndingsWork() {
        var result = read(HEADER.replace("\n", "\r\n")
                + "AGM00060387,19951106,PRCP,18,,,S,\r\n"
                + "AGM00060387,19951107,PRCP,1824,,,S,\r"
                + "AGM00060387,19951108,PRCP,3,,,S,");
        assertEquals(Map.of("AGM00060387", "1824"), maxima(result));
        assertEquals(3, result.rows());
    }

    @Test
    void anEmptyFileAndAHeaderOnlyFileYieldNothing() {
        for (String csv : new String[] {"", HEADER, HEADER + "\n\n"}) {
            var result = read(csv);
            assertTrue(result.maxima().isEmpty(), csv);
            assertEquals(0, result.rows(), csv);
            assertEquals(0, result.rowsSkipped(), csv);
        }
    }

    @Test
    void columnsAreFoundByTheHeaderAndAByteOrderMarkIsIgnored() {
        var result = read("\uFEFFDATE,ELEMENT,DATA_VALUE,ID,M_FLAG,Q_FLAG,S_FLAG,OBS_TIME\n"
                + "19661201,PRCP,55,ASN00001011,,,a,\n");
        assertEquals(Map.of("ASN00001011", "55"), maxima(result));
    }

    @Test
    void aWrongHeaderFailsNamingTheObjectAndTheExpectedHeader() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> read("item_id,user_id,rating,timestamp\n1,2,5.0,123\n"));
        assertTrue(e.getMessage().contains("s3://bucket/csv/by_station/TEST.csv"), e.getMessage());
        assertTrue(e.getMessage().contains("ID,DATE,ELEMENT,DATA_VALUE,M_FLAG,Q_FLAG,S_FLAG,OBS_TIME"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> read("ID,DATE,ELEMENT,DATA_VALUE\nX,1,PRCP,3\n"));
    }

    @Test
    void malformedRowsAreCountedAndSkipped() {
        var result = read(HEADER
                + "ASN00001011,19661201,PRCP,12,,,a,\n"
                + "ASN00001011,19661202,PRCP,999\n"                 // too few fields
                + "ASN00001011,19661203,PRCP,abc,,,a,\n"           // not a number
                + ",19661204,PRCP,500,,,a,\n"                      // no station id
                + "ASN00001011,19661205,PRCP,9\"9,,,a,\n"          // a quote inside an unquoted field
                + "ASN00001011,19661206,PRCP,\"800,,,a,\n");       // unclosed quote swallows the rest
        assertEquals(Map.of("ASN00001011", "12"), maxima(result));
        assertEquals(5, result.rowsSkipped());
    }

    @Test
    void decimalValuesAreComparedAsNumbers() {
        var result = read(HEADER + "X,1,PRCP,9.5,,,a,\nX,2,PRCP,10.0,,,a,\nX,3,PRCP,1e1,,,a,\n");
        assertEquals(0, new BigDecimal("10").compareTo(result.maxima().get("X")));
        assertEquals("10", PrecipitationMaxima.asNumber(result.maxima().get("X")));
    }
}

package dev.dmapworkbook.localcloud.s3;

/** Expected checksum values for tests, from our own implementations (CRC64NVME is checked against its check value). */
final class ChecksumAlgorithmValues {
    private ChecksumAlgorithmValues() {
    }

    static String of(software.amazon.awssdk.services.s3.model.ChecksumAlgorithm algorithm, byte[] bytes) {
        ChecksumAlgorithm ours = switch (algorithm) {
            case CRC32 -> ChecksumAlgorithm.CRC32;
            case CRC32_C -> ChecksumAlgorithm.CRC32C;
            case CRC64_NVME -> ChecksumAlgorithm.CRC64NVME;
            case SHA1 -> ChecksumAlgorithm.SHA1;
            case SHA256 -> ChecksumAlgorithm.SHA256;
            default -> throw new IllegalArgumentException(algorithm.toString());
        };
        return ours.of(bytes);
    }
}

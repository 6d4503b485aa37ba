package dev.dmapworkbook.localcloud.states.dmap;

import dev.dmapworkbook.localcloud.core.ServiceException;

import java.util.function.Supplier;

/** S3 calls made by the ItemReader and ResultWriter, with S3's errors turned into a useful cause (spec 9.3, 9.7). */
final class S3Reads {
    private S3Reads() {
    }

    static <T> T call(Supplier<T> call) {
        try {
            return call.get();
        } catch (ServiceException e) {
            throw new ItemReaderException(cause(e));
        }
    }

    /** {@code <message> (Service: S3, Status Code: 404, Error Code: NoSuchKey)}, the SDK's usual wording [GUESS]. */
    static String cause(ServiceException e) {
        return e.getMessage() + " (Service: S3, Status Code: " + e.status() + ", Error Code: " + e.code() + ")";
    }
}

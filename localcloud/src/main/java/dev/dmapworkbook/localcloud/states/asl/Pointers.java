package dev.dmapworkbook.localcloud.states.asl;

/** JSON pointer (RFC 6901) segments, for the locations of definition errors. */
final class Pointers {
    private Pointers() {
    }

    static String escape(String segment) {
        return segment.replace("~", "~0").replace("/", "~1");
    }

    static String child(String pointer, String segment) {
        return (pointer.equals("/") ? "" : pointer) + "/" + escape(segment);
    }
}

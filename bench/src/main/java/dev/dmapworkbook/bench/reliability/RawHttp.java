package dev.dmapworkbook.bench.reliability;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** One request as bytes over a fresh socket, and what came back: a status, a hang, or a close without an answer. */
final class RawHttp {
    enum Kind { ANSWERED, HANG, SILENT_CLOSE }

    record Answer(Kind kind, int status, String text) {
        /** A 4xx whose body is an AWS error (restXml, awsQuery, awsJson or restJson shape). */
        boolean awsShaped4xx() {
            return kind == Kind.ANSWERED && status >= 400 && status < 500
                    && (text.contains("<Code>") || text.contains("\"__type\"") || text.contains("X-Amzn-ErrorType")
                    || text.toLowerCase(java.util.Locale.ROOT).contains("x-amzn-errortype"));
        }
    }

    private RawHttp() {
    }

    /** Sends {@code request}; {@code halfClose} ends the upload early (a truncated body); waits at most 30 s. */
    static Answer send(int port, byte[] request, boolean halfClose) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            startWriting(socket, request, halfClose);
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            try {
                for (int n = in.read(buffer); n >= 0 && got.size() < 1 << 20; n = in.read(buffer)) {
                    got.write(buffer, 0, n);
                    if (complete(got.toString(StandardCharsets.ISO_8859_1))) {
                        break;
                    }
                }
            } catch (SocketTimeoutException e) {
                if (got.size() == 0) {
                    return new Answer(Kind.HANG, 0, "");
                }
            } catch (IOException reset) {
                // a reset after the answer still leaves the answer
            }
            String text = got.toString(StandardCharsets.UTF_8);
            if (!text.startsWith("HTTP/1.1 ") || text.length() < 12) {
                return new Answer(Kind.SILENT_CLOSE, 0, text);
            }
            return new Answer(Kind.ANSWERED, Integer.parseInt(text.substring(9, 12)), text);
        } catch (IOException e) {
            return new Answer(Kind.SILENT_CLOSE, 0, e.toString());
        }
    }

    /** Writes the request on its own thread, so that an answer before the whole request is read is still read. */
    private static void startWriting(Socket socket, byte[] request, boolean halfClose) throws IOException {
        OutputStream out = socket.getOutputStream();
        Thread writer = new Thread(() -> {
            try {
                out.write(request);
                out.flush();
                if (halfClose) {
                    socket.shutdownOutput();
                }
            } catch (IOException answeredEarly) {
                // the edge answered and closed before it read everything: its answer is what counts
            }
        }, "raw-http-writer");
        writer.setDaemon(true);
        writer.start();
    }

    /** Head and a Content-Length body read (enough to classify; keep-alive connections are not read to their end). */
    private static boolean complete(String text) {
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            return false;
        }
        java.util.regex.Matcher length = java.util.regex.Pattern.compile("(?i)\r\nContent-Length: *(\\d+)").matcher(text.substring(0, end));
        return length.find() ? text.length() - end - 4 >= Integer.parseInt(length.group(1)) : text.contains("\r\n0\r\n\r\n")
                || !text.substring(0, end).toLowerCase(java.util.Locale.ROOT).contains("transfer-encoding");
    }
}

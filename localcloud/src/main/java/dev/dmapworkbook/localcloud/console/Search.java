package dev.dmapworkbook.localcloud.console;

import dev.dmapworkbook.localcloud.core.ServiceException;

/** The search box: an ARN (or a function, bucket or table name) to the page that shows it. */
final class Search {
    private Search() {
    }

    static String target(Backends backends, String what) {
        if (what.isEmpty()) {
            return Html.ROOT;
        }
        if (what.startsWith("arn:")) {
            String[] arn = what.split(":", 7);
            String service = arn.length > 2 ? arn[2] : "";
            String kind = arn.length > 5 ? arn[5] : "";
            if (service.equals("states")) {
                return switch (kind) {
                    case "stateMachine" -> Html.href("state-machines", what);
                    case "execution", "express" -> Html.href("executions", what);
                    case "mapRun" -> Html.href("map-runs", what);
                    default -> throw notFound(what);
                };
            }
            if (service.equals("lambda") && kind.equals("function") && arn.length > 6) {
                return Html.href("functions", arn[6].split(":")[0]);
            }
            if (service.equals("s3")) {
                return Html.href("s3", what.substring("arn:aws:s3:::".length()).split("/")[0]);
            }
            if (service.equals("dynamodb") && kind.startsWith("table/")) {
                return Html.href("dynamodb", kind.substring("table/".length()).split("/")[0]);
            }
            throw notFound(what);
        }
        if (backends.s3().bucketNames().contains(what)) {
            return Html.href("s3", what);
        }
        if (backends.dynamodb("ListTables", dev.dmapworkbook.localcloud.core.Json.object()).path("TableNames")
                .toString().contains('"' + what + '"')) {
            return Html.href("dynamodb", what);
        }
        return Html.href("functions", what);
    }

    private static ServiceException notFound(String what) {
        return new ServiceException(404, "NotFound", "The console shows state machines, executions, Map Runs, functions, "
                + "buckets and tables; '" + what + "' is none of these.");
    }
}

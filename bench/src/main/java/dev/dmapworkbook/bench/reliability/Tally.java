package dev.dmapworkbook.bench.reliability;

/**
 * One case's figures: how many operations were tried, how many came through as they must (a confirmed write present
 * after the restart, a malformed request answered with an AWS-shaped 4xx, …) and how many did not ({@code lost}:
 * a confirmed write gone, a 5xx, a hang, a silent close). {@code detail} says what the numbers count.
 */
public record Tally(String name, long tried, long survived, long lost, String detail) {
    public boolean clean() {
        return lost == 0 && survived > 0;
    }
}

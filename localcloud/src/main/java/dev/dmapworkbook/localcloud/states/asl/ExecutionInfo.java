package dev.dmapworkbook.localcloud.states.asl;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;

/**
 * What an execution is, as the context object {@code $$.Execution} and {@code $$.StateMachine} show it (spec §4.3).
 *
 * @param mapRunArn null unless this is a Distributed Map child execution
 */
public record ExecutionInfo(String executionArn, String name, String stateMachineArn, String stateMachineName,
                            String roleArn, String region, String account, Instant startTime, JsonNode input,
                            String inputText, boolean express, String mapRunArn) {
}

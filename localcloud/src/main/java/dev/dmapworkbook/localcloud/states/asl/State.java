package dev.dmapworkbook.localcloud.states.asl;

import com.fasterxml.jackson.databind.JsonNode;

import dev.dmapworkbook.localcloud.states.dmap.DistributedMap;
import dev.dmapworkbook.localcloud.states.query.JsonataTemplate;

import java.util.List;

/** One state of the model (ASL "States"); records are immutable and built only by {@link AslParser}. */
public sealed interface State permits State.Pass, State.Task, State.Choice, State.Wait, State.Succeed, State.Fail,
        State.Parallel, State.Map {

    /**
     * Fields every state has.
     *
     * @param inputPath  null when the definition says {@code "InputPath": null} (effective input {@code {}})
     * @param outputPath null when the definition says {@code "OutputPath": null} (output {@code {}})
     * @param next       the next state, or null at an end state
     * @param jsonata    the state's JSONata fields when it is written in JSONata, else null (JSONPath)
     * @param assign     its {@code Assign}, or null
     */
    record Common(String name, String pointer, String type, JPath inputPath, JPath outputPath, String next, boolean end,
                  JsonataFields jsonata, Assign assign) {
    }

    Common common();

    default String name() {
        return common().name();
    }

    /** One {@code Retry} entry (spec §8.3). */
    record Retrier(List<String> errorEquals, int intervalSeconds, int maxAttempts, double backoffRate,
                   Integer maxDelaySeconds, boolean fullJitter) {
    }

    /**
     * One {@code Catch} entry; {@code resultPath} null means discard the error (keep the input). In a JSONata state
     * {@code output} (null: the error output) replaces ResultPath; {@code assign} may be null.
     */
    record Catcher(List<String> errorEquals, String next, JPath resultPath, JsonataTemplate output, Assign assign) {
    }

    /** {@code resultPath} null = {@code "ResultPath": null} (discard the result). */
    record Pass(Common common, Template parameters, JsonNode result, JPath resultPath) implements State {
    }

    /**
     * A Task. {@code resource} is the Resource ARN; {@code integration} says which caller serves it.
     */
    record Task(Common common, String resource, Integration integration, Template parameters, Template resultSelector,
                JPath resultPath, List<Retrier> retry, List<Catcher> catchers, Integer timeoutSeconds,
                JPath timeoutSecondsPath, Integer heartbeatSeconds, JPath heartbeatSecondsPath) implements State {
    }

    /** The Task integrations we serve (anything else is refused at parse time). */
    enum Integration {
        /** {@code arn:aws:states:::lambda:invoke}: the result is the Invoke response wrapper. */
        LAMBDA_INVOKE,
        /** A plain {@code arn:aws:lambda:…:function:…} Resource: the result is the function's return value. */
        LAMBDA_FUNCTION,
        /** {@code arn:aws:states:::dynamodb:getItem} / {@code dynamodb:putItem}. */
        SERVICE
    }

    record Choice(Common common, List<ChoiceRule.Branch> choices, String defaultNext) implements State {
    }

    /** Exactly one of the four forms is set. */
    record Wait(Common common, Long seconds, JPath secondsPath, java.time.Instant timestamp, JPath timestampPath) implements State {
    }

    record Succeed(Common common) implements State {
    }

    /** {@code errorPath}/{@code causePath} are path or intrinsic expressions (templates of one value). */
    record Fail(Common common, String error, Template errorPath, String cause, Template causePath) implements State {
    }

    record Parallel(Common common, List<StateMachine> branches, Template parameters, Template resultSelector,
                    JPath resultPath, List<Retrier> retry, List<Catcher> catchers) implements State {
    }

    /**
     * A Map state. {@code processor} is the ItemProcessor (or legacy Iterator) as a nested machine;
     * {@code itemSelector} is ItemSelector or the legacy Parameters. For {@code mode} DISTRIBUTED,
     * {@code distributed} holds the distributed-only fields (ItemReader, ItemBatcher, ResultWriter, the tolerances,
     * Label, ExecutionType); null for an inline Map.
     */
    record Map(Common common, JPath itemsPath, Template itemSelector, StateMachine processor, Mode mode,
               Integer maxConcurrency, JPath maxConcurrencyPath, Template resultSelector, JPath resultPath,
               List<Retrier> retry, List<Catcher> catchers, DistributedMap distributed) implements State {
    }

    /** {@code ItemProcessor.ProcessorConfig.Mode}. */
    enum Mode { INLINE, DISTRIBUTED }
}

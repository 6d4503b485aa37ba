package dev.dmapworkbook.localcloud.states.asl;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The query language of a state (ASL {@code QueryLanguage}): the strategy every {@link StateRunner} uses for the
 * state's input and output processing, so that each state type is written once for every language. A visit goes
 * raw input → {@link #input} → (the state's work on {@link #arguments}, {@link #items}/{@link #itemInput}) →
 * {@link #output} (or {@link #passOn} for states without a result, {@link #caught} when a Catcher catches).
 *
 * <p>JSONPath ({@link JsonPathLanguage}, spec §4.1) is InputPath, Parameters/ItemSelector, ResultSelector,
 * ResultPath and OutputPath. A second language plugs in by implementing this interface and returning it from
 * {@link #of} for the states written in it; for JSONata (AWS "Transforming data with JSONata") {@link #input} is the
 * raw input ({@code $states.input}), {@link #arguments} evaluates {@code Arguments}, {@link #output} evaluates
 * {@code Output} with {@code $states.result}, {@link #caught} the Catcher's {@code Output} with
 * {@code $states.errorOutput}. Variables ({@code Assign}, spec: "Passing data between states with variables") hang
 * off the same points: what a state assigns is evaluated where its output is and applied when {@link Visit#exit}
 * writes its exit, the values being visible through the {@link Scope} of the states that follow. Fields that take an
 * expression in one language and a literal or a path in the other (Wait {@code Seconds}, Fail {@code Error},
 * Choice rules, {@code TimeoutSeconds}, {@code MaxConcurrency}) stay with their runners.
 */
interface QueryLanguage {
    /** The language a state's fields are written in: JSONata when the parser found JSONata fields for it. */
    static QueryLanguage of(State state) {
        return state.common().jsonata() != null ? JsonataLanguage.INSTANCE : JsonPathLanguage.INSTANCE;
    }

    /** The effective input: what the state's fields see as their input (JSONPath: {@code InputPath}). */
    JsonNode input(State state, JsonNode raw, Scope sc);

    /**
     * What the state works on, from its effective input: a Pass state's result, a Task's arguments, a Parallel's
     * branch input (JSONPath: {@code Result}, {@code Parameters}). {@code effective} itself when the state has none.
     */
    JsonNode arguments(State state, JsonNode effective, Scope sc);

    /** A Map state's items (JSONPath: {@code ItemsPath}); not necessarily an array, the runner checks. */
    JsonNode items(State.Map map, JsonNode effective, Scope sc);

    /** The input of a Map's iteration or child (JSONPath: {@code ItemSelector}); {@code item} itself when none. */
    JsonNode itemInput(State.Map map, JsonNode effective, int index, JsonNode item, Scope sc);

    /** The state's output from its result (JSONPath: {@code ResultSelector}, {@code ResultPath}, {@code OutputPath}). */
    JsonNode output(State state, JsonNode raw, JsonNode effective, JsonNode result, Scope sc);

    /** The output of a state without a result: Choice, Wait, Succeed (JSONPath: {@code OutputPath}). */
    JsonNode passOn(State state, JsonNode effective, Scope sc);

    /** Whether a Choice rule matches (JSONPath: its comparison; JSONata: its {@code Condition}, the {@code index}th). */
    boolean matches(ChoiceRule.Branch branch, int index, JsonNode effective, Scope sc);

    /**
     * A Choice state's output once {@code branch} matched (null: the Default was taken). A matched rule's own
     * {@code Assign} (and in JSONata its {@code Output}) is used instead of the state's.
     */
    JsonNode chosen(State.Choice state, ChoiceRule.Branch branch, JsonNode effective, Scope sc);

    /** The output when {@code catcher} catches {@code errorOutput} ({@code {"Error", "Cause"}}; JSONPath: its {@code ResultPath}). */
    JsonNode caught(State state, State.Catcher catcher, JsonNode raw, JsonNode errorOutput, Scope sc);
}

package dev.dmapworkbook.localcloud.cloudformation;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Optional;
import java.util.Set;

/**
 * One CloudFormation resource type the local cloud can provision, calling the owning service in-process.
 * Properties outside {@link #properties()} fail the resource naming them; a change to one of
 * {@link #replacingProperties()} replaces the resource (AWS: "Update requires: Replacement").
 */
interface ResourceType {
    String type();

    /** The properties this type implements. */
    Set<String> properties();

    Set<String> requiredProperties();

    /** Properties whose change needs a new physical resource. */
    Set<String> replacingProperties();

    /** The property that gives the resource a custom name, if the type has one. */
    Optional<String> nameProperty();

    /** The attributes {@code Fn::GetAtt} can read. */
    Set<String> attributes();

    Provisioned create(ResourceContext context, JsonNode properties);

    /** An in-place update (no replacing property changed). */
    Provisioned update(ResourceContext context, Provisioned current, JsonNode oldProperties, JsonNode newProperties);

    /** Deletes the resource; {@code properties} are the ones it was last created or updated with. */
    void delete(ResourceContext context, Provisioned current, JsonNode properties);
}

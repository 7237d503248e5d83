package dev.junction.infra.instance;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.infra.container.ContainerSpec;

/**
 * A backend as the operator declares it in the catalog: its image, the JSON its {@code configure} is
 * fed (checked against the image's {@code inputs}), and the network its containers and its stencils'
 * containers get ({@code NONE}, or {@code HOST} to reach services on loopback).
 */
public record BackendDefinition(String name, String image, ObjectNode config, ContainerSpec.Network network) {
}

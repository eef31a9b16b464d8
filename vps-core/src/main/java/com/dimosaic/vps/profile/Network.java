package com.dimosaic.vps.profile;

/**
 * A Docker network of the stack.
 *
 * @param name network name
 * @param internal whether it has no route to the outside
 */
public record Network(String name, boolean internal) {}

package com.dimosaic.vps.plan;

/**
 * One intended change.
 *
 * @param area what it concerns: {@code file}, {@code dns}, {@code phase}, {@code service}, …
 * @param action {@code create}, {@code update}, {@code delete}, {@code run}, …
 * @param target what is changed, e.g. {@code docker-compose.yml} or {@code A www}
 * @param detail why, or what (never a secret value)
 */
public record PlanItem(String area, String action, String target, String detail) {}

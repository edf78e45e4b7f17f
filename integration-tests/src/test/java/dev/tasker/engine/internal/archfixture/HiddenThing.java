package dev.tasker.engine.internal.archfixture;

/** ArchitectureTest fixture: an internal type that public signatures must not show. */
public final class HiddenThing {}

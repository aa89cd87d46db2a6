package io.tidelake.tests.reliability;

/**
 * The process "dies" here: an Error, so that no {@code catch (RuntimeException)} cleanup in the library
 * runs, exactly as with a kill -9 at that point. Whatever was written before stays behind.
 */
public final class SimulatedCrash extends Error {
  public SimulatedCrash(String where) {
    super("Simulated crash: " + where);
  }
}

package org.petuum4j.spark;

import java.io.Serializable;
import java.util.List;

/**
 * What the barrier stage returns to the Spark driver, from task 0 only: the trained model's data,
 * the job's parameters as planned, the workers' events in order (per-epoch metrics) and the
 * platform's notes (e.g. a resume from a checkpoint).
 */
record FitOutput(Serializable model, java.util.Map<String, String> params, List<String> events, List<String> notes)
    implements Serializable {}

package org.petuum4j.net;

import org.petuum4j.ps.job.Deployment;
import org.petuum4j.ps.job.JobFactory;

/** Finds a job's factory by the name the driver submitted. */
@FunctionalInterface
interface FactoryResolver {
  JobFactory resolve(String name) throws Exception;

  /** By class name, through the public no-argument constructor. */
  static FactoryResolver byClassName() {
    return name -> {
      Class<?> c = Class.forName(name);
      if (!JobFactory.class.isAssignableFrom(c)) {
        throw new IllegalArgumentException(name + " is not a " + JobFactory.class.getName());
      }
      return Deployment.instantiate(c.asSubclass(JobFactory.class));
    };
  }
}

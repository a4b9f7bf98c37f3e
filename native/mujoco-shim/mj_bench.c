/* Raw MuJoCo baseline for the C# vector envs: env steps per second of `frame_skip` mj_step calls with
 * uniform random controls in ctrlrange, mj_resetData every 1000 env steps, one shared mjModel and one
 * mjData per thread.  Usage: mj_bench MODEL.xml FRAME_SKIP THREADS ENV_STEPS_PER_THREAD [RESET_EVERY]
 * (RESET_EVERY, default 1000: env steps between mj_resetData calls; e.g. the mean episode length of a
 * terminating task under random actions, to time the same part of the episode as the vector env does). */
#include <mujoco/mujoco.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static const mjModel* model;
static int frame_skip;
static long steps_per_thread;
static long reset_every = 1000;

static uint64_t splitmix(uint64_t* s) {
  uint64_t z = (*s += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

static void* run(void* arg) {
  uint64_t seed = (uint64_t)(uintptr_t)arg;
  mjData* d = mj_makeData(model);
  for (long t = 0; t < steps_per_thread; t++) {
    if (t % reset_every == 0) mj_resetData(model, d);
    for (int k = 0; k < model->nu; k++) {
      double u = (splitmix(&seed) >> 11) * (1.0 / 9007199254740992.0);
      double lo = model->actuator_ctrlrange[2 * k], hi = model->actuator_ctrlrange[2 * k + 1];
      d->ctrl[k] = lo + (hi - lo) * u;
    }
    for (int s = 0; s < frame_skip; s++) mj_step(model, d);
    mj_rnePostConstraint(model, d);
  }
  mj_deleteData(d);
  return NULL;
}

int main(int argc, char** argv) {
  if (argc != 5 && argc != 6) {
    fprintf(stderr, "usage: %s MODEL.xml FRAME_SKIP THREADS ENV_STEPS_PER_THREAD [RESET_EVERY]\n", argv[0]);
    return 2;
  }
  char err[1000] = "";
  mjModel* m = mj_loadXML(argv[1], NULL, err, sizeof err);
  if (!m) { fprintf(stderr, "load failed: %s\n", err); return 1; }
  model = m;
  frame_skip = atoi(argv[2]);
  int threads = atoi(argv[3]);
  steps_per_thread = atol(argv[4]);
  if (argc == 6) reset_every = atol(argv[5]);
  if (reset_every < 1) return 2;
  pthread_t th[64];
  if (threads < 1 || threads > 64) return 2;
  struct timespec a, b, ca, cb;
  clock_gettime(CLOCK_MONOTONIC, &a);
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ca);
  for (int i = 0; i < threads; i++) pthread_create(&th[i], NULL, run, (void*)(uintptr_t)(i + 1));
  for (int i = 0; i < threads; i++) pthread_join(th[i], NULL);
  clock_gettime(CLOCK_MONOTONIC, &b);
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cb);
  double sec = (b.tv_sec - a.tv_sec) + 1e-9 * (b.tv_nsec - a.tv_nsec);
  double cpu = (cb.tv_sec - ca.tv_sec) + 1e-9 * (cb.tv_nsec - ca.tv_nsec);
  double total = (double)threads * steps_per_thread;
  printf("model=%s nq=%d nv=%d nu=%d frame_skip=%d threads=%d reset_every=%ld env_steps=%.0f seconds=%.3f env_steps_per_s=%.0f cpu_us_per_step=%.1f\n",
         argv[1], m->nq, m->nv, m->nu, frame_skip, threads, reset_every, total, sec, total / sec, 1e6 * cpu / total);
  mj_deleteModel(m);
  return 0;
}

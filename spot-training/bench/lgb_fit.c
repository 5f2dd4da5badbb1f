// One fit of the training job, done by LightGBM's C API alone: the job benchmark's native anchor. Built by run.sh
// beside lgb_native, against the same lib_lightgbm.so that lightgbm4j ships.
//   lgb_fit TRAIN TEST|- "params"
// Loads TRAIN with LightGBM's own file parser and boosts num_iterations (fit_s covers both: the fit includes its
// load). Then, outside fit_s, scores TEST (binned with TRAIN's bins, as a validation set added after the fact) and
// prints LightGBM's AUC on it, so each fold's test AUC can be set beside the trainer's on the same rows.
// Unlike lgb_native, no validation set is scored while boosting: the trainer's fit has none either.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
typedef void *H;
int LGBM_DatasetCreateFromFile(const char *f, const char *p, const H ref, H *out);
int LGBM_DatasetGetNumData(H d, int *out);
int LGBM_BoosterCreate(const H train, const char *p, H *out);
int LGBM_BoosterAddValidData(H b, const H valid);
int LGBM_BoosterUpdateOneIter(H b, int *fin);
int LGBM_BoosterGetEval(H b, int idx, int *len, double *res);
int LGBM_BoosterGetCurrentIteration(H b, int *it);
const char *LGBM_GetLastError(void);
static double now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec + t.tv_nsec / 1e9; }
#define CK(x) do { if ((x) != 0) { fprintf(stderr, "lgb_fit: %s\n", LGBM_GetLastError()); return 1; } } while (0)
int main(int argc, char **argv) {
  if (argc < 4) { fprintf(stderr, "usage: lgb_fit TRAIN TEST|- PARAMS\n"); return 2; }
  const char *params = argv[3];
  int iters = 100; const char *q = strstr(params, "num_iterations=");
  if (q) iters = atoi(q + strlen("num_iterations="));
  H train, booster; int fin = 0, n = 0, rows = 0;
  double t0 = now();
  CK(LGBM_DatasetCreateFromFile(argv[1], params, NULL, &train));
  double t1 = now();
  CK(LGBM_BoosterCreate(train, params, &booster));
  for (int i = 0; i < iters && !fin; i++) CK(LGBM_BoosterUpdateOneIter(booster, &fin));
  double t2 = now();
  CK(LGBM_BoosterGetCurrentIteration(booster, &n));
  CK(LGBM_DatasetGetNumData(train, &rows));
  printf("rows=%d load_s=%.3f train_s=%.3f fit_s=%.3f iterations=%d", rows, t1 - t0, t2 - t1, t2 - t0, n);
  if (strcmp(argv[2], "-") != 0) {
    H test; int len = 0; double auc[8];
    CK(LGBM_DatasetCreateFromFile(argv[2], params, train, &test));
    CK(LGBM_BoosterAddValidData(booster, test)); // scores the test rows with every tree boosted so far
    CK(LGBM_BoosterGetEval(booster, 1, &len, auc));
    printf(" test_auc=%.12f", auc[0]);
  }
  printf("\n");
  return 0;
}

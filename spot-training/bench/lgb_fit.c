// One fit of the training job, done by LightGBM's C API alone: the job benchmark's native anchor. Built by run.sh
// beside lgb_native, against the same lib_lightgbm.so that lightgbm4j ships.
//   lgb_fit TRAIN TEST|- "params" [HELDOUT]
// Loads TRAIN with LightGBM's own file parser and boosts num_iterations (fit_s covers both: the fit includes its
// load). Then, outside fit_s, scores TEST (binned with TRAIN's bins, as a validation set added after the fact) and
// prints LightGBM's AUC on it, so each fold's test AUC can be set beside the trainer's on the same rows.
// Unlike lgb_native, no validation set is scored while boosting: the trainer's fit has none either.
// With HELDOUT (a fold's validation and test rows, a CSV with TRAIN's header), its rows are read into memory as
// float32 (untimed), then scored by LightGBM's predictor in one LGBM_BoosterPredictForMat call, the call the trainer
// scores a fold's held-out rows with: score_s is LightGBM's own cost of that work, which no fit includes.
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
int LGBM_BoosterGetNumFeature(H b, int *out);
int LGBM_BoosterPredictForMat(H b, const void *data, int dtype, int nrow, int ncol, int row_major, int predict_type,
                              int start_iteration, int num_iteration, const char *p, long long *out_len, double *out);
const char *LGBM_GetLastError(void);
static double now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec + t.tv_nsec / 1e9; }
// The rows of a CSV with a header, every column but the label, as float32 row-major (LightGBM keeps an ignored column
// in the model's feature positions, so the time column stays); empty cells are NaN. Returns the row count, or -1.
static int read_rows(const char *path, const char *label, int ncol, float **out) {
  FILE *f = fopen(path, "r");
  if (!f) return -1;
  static char line[1 << 16];
  if (!fgets(line, sizeof line, f)) { fclose(f); return -1; }
  int label_at = -1, col = 0;
  for (char *c = strtok(line, ",\r\n"); c; c = strtok(NULL, ",\r\n"), col++) if (strcmp(c, label) == 0) label_at = col;
  if (label_at < 0 || col != ncol + 1) { fclose(f); return -1; }
  size_t cap = 1 << 16, n = 0;
  float *m = malloc(cap * ncol * sizeof(float));
  while (fgets(line, sizeof line, f)) {
    if (line[0] == '\n' || line[0] == '\0') continue;
    if (n == cap) { cap *= 2; m = realloc(m, cap * ncol * sizeof(float)); }
    float *row = m + n * ncol; char *p = line; int k = 0;
    for (int c = 0; c <= ncol; c++) {
      char *end; float v = strtof(p, &end);
      if (end == p) v = __builtin_nanf("");
      if (c != label_at) row[k++] = v;
      p = strchr(end, ',');
      if (!p) { if (c != ncol) { fclose(f); free(m); return -1; } break; }
      p++;
    }
    n++;
  }
  fclose(f);
  *out = m;
  return (int) n;
}
#define CK(x) do { if ((x) != 0) { fprintf(stderr, "lgb_fit: %s\n", LGBM_GetLastError()); return 1; } } while (0)
int main(int argc, char **argv) {
  if (argc < 4) { fprintf(stderr, "usage: lgb_fit TRAIN TEST|- PARAMS [HELDOUT]\n"); return 2; }
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
  if (argc > 4) {
    char label[256] = "label"; const char *l = strstr(params, "label_column=name:");
    if (l) sscanf(l + strlen("label_column=name:"), "%255[^ ]", label);
    int ncol = 0; float *m = NULL; long long len = 0;
    CK(LGBM_BoosterGetNumFeature(booster, &ncol));
    int nrow = read_rows(argv[4], label, ncol, &m);
    if (nrow <= 0) { fprintf(stderr, "lgb_fit: %s: not %d feature columns and a '%s' column\n", argv[4], ncol, label); return 1; }
    double *scores = malloc((size_t) nrow * sizeof(double));
    double t3 = now();
    CK(LGBM_BoosterPredictForMat(booster, m, 0 /* float32 */, nrow, ncol, 1, 0 /* normal */, 0, -1, "", &len, scores));
    double t4 = now();
    if (len != nrow) { fprintf(stderr, "lgb_fit: %lld scores for %d rows\n", len, nrow); return 1; }
    printf(" scored_rows=%d score_s=%.3f", nrow, t4 - t3);
    free(scores); free(m);
  }
  printf("\n");
  return 0;
}

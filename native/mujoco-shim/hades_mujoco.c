/* See hades_mujoco.h. Built by the Makefile next to this file into libhades_mujoco.so (-lmujoco). */
#include "hades_mujoco.h"

#include <mujoco/mujoco.h>
#include <stdlib.h>
#include <string.h>

#define HM_EXPORT __attribute__((visibility("default")))

/* MuJoCo's default warning handler prints and appends to MUJOCO_LOG.TXT in the working directory. Warnings
 * are also counted in mjData.warning, which hm_warnings reports, so the text is dropped. */
static void hm_silent_warning(const char* msg) { (void)msg; }

static void hm_install_handlers(void) { mju_user_warning = hm_silent_warning; }

HM_EXPORT int hm_version(void) { return mj_version(); }

static void hm_copy_error(char* err, int errlen, const char* msg) {
  if (!err || errlen <= 0) return;
  strncpy(err, msg, (size_t)errlen - 1);
  err[errlen - 1] = 0;
}

HM_EXPORT void* hm_load_xml_string(const char* xml, char* err, int errlen) {
  hm_install_handlers();
  if (err && errlen > 0) err[0] = 0;
  if (!xml) { hm_copy_error(err, errlen, "no XML given"); return NULL; }
  mjVFS* vfs = (mjVFS*)malloc(sizeof(mjVFS));
  if (!vfs) { hm_copy_error(err, errlen, "out of memory for the MuJoCo VFS"); return NULL; }
  mj_defaultVFS(vfs);
  const char* name = "hades_model.xml";
  int len = (int)strlen(xml);
  if (mj_makeEmptyFileVFS(vfs, name, len) != 0) {
    free(vfs);
    hm_copy_error(err, errlen, "could not create the in-memory model file");
    return NULL;
  }
  memcpy(vfs->filedata[vfs->nfile - 1], xml, (size_t)len);
  mjModel* m = mj_loadXML(name, vfs, err, errlen);
  mj_deleteVFS(vfs);
  free(vfs);
  if (!m && err && errlen > 0 && err[0] == 0) hm_copy_error(err, errlen, "mj_loadXML failed");
  return m;
}

HM_EXPORT void* hm_load_xml_file(const char* path, char* err, int errlen) {
  hm_install_handlers();
  if (err && errlen > 0) err[0] = 0;
  mjModel* m = mj_loadXML(path, NULL, err, errlen);
  if (!m && err && errlen > 0 && err[0] == 0) hm_copy_error(err, errlen, "mj_loadXML failed");
  return m;
}

HM_EXPORT void hm_free_model(void* model) { if (model) mj_deleteModel((mjModel*)model); }

HM_EXPORT void hm_model_info(const void* model, int* info) {
  const mjModel* m = (const mjModel*)model;
  info[HM_INFO_NQ] = m->nq;
  info[HM_INFO_NV] = m->nv;
  info[HM_INFO_NU] = m->nu;
  info[HM_INFO_NBODY] = m->nbody;
  info[HM_INFO_NSITE] = m->nsite;
  info[HM_INFO_VERSION] = mj_version();
}

HM_EXPORT double hm_timestep(const void* model) { return ((const mjModel*)model)->opt.timestep; }

HM_EXPORT void hm_qpos0(const void* model, double* out) {
  const mjModel* m = (const mjModel*)model;
  memcpy(out, m->qpos0, sizeof(double) * (size_t)m->nq);
}

HM_EXPORT void hm_body_mass(const void* model, double* out) {
  const mjModel* m = (const mjModel*)model;
  memcpy(out, m->body_mass, sizeof(double) * (size_t)m->nbody);
}

HM_EXPORT void hm_ctrlrange(const void* model, double* out) {
  const mjModel* m = (const mjModel*)model;
  memcpy(out, m->actuator_ctrlrange, sizeof(double) * 2 * (size_t)m->nu);
}

HM_EXPORT void hm_ctrllimited(const void* model, int* out) {
  const mjModel* m = (const mjModel*)model;
  for (int i = 0; i < m->nu; i++) out[i] = m->actuator_ctrllimited[i] ? 1 : 0;
}

HM_EXPORT int hm_name2id(const void* model, int kind, const char* name) {
  return mj_name2id((const mjModel*)model, kind == 1 ? mjOBJ_SITE : mjOBJ_BODY, name);
}

HM_EXPORT int hm_record_size(const void* model, int fields) {
  const mjModel* m = (const mjModel*)model;
  int n = 0;
  if (fields & HM_QPOS) n += m->nq;
  if (fields & HM_QVEL) n += m->nv;
  if (fields & HM_XPOS) n += 3 * m->nbody;
  if (fields & HM_XIPOS) n += 3 * m->nbody;
  if (fields & HM_SITE_XPOS) n += 3 * m->nsite;
  if (fields & HM_CINERT) n += 10 * m->nbody;
  if (fields & HM_CVEL) n += 6 * m->nbody;
  if (fields & HM_QFRC_ACTUATOR) n += m->nv;
  if (fields & HM_CFRC_EXT) n += 6 * m->nbody;
  if (fields & HM_QFRC_CONSTRAINT) n += m->nv;
  return n;
}

static double* hm_put(double* dst, const double* src, int n) {
  memcpy(dst, src, sizeof(double) * (size_t)n);
  return dst + n;
}

static void hm_write_record(const mjModel* m, const mjData* d, int fields, double* r) {
  if (!r) return;
  if (fields & HM_QPOS) r = hm_put(r, d->qpos, m->nq);
  if (fields & HM_QVEL) r = hm_put(r, d->qvel, m->nv);
  if (fields & HM_XPOS) r = hm_put(r, d->xpos, 3 * m->nbody);
  if (fields & HM_XIPOS) r = hm_put(r, d->xipos, 3 * m->nbody);
  if (fields & HM_SITE_XPOS) r = hm_put(r, d->site_xpos, 3 * m->nsite);
  if (fields & HM_CINERT) r = hm_put(r, d->cinert, 10 * m->nbody);
  if (fields & HM_CVEL) r = hm_put(r, d->cvel, 6 * m->nbody);
  if (fields & HM_QFRC_ACTUATOR) r = hm_put(r, d->qfrc_actuator, m->nv);
  if (fields & HM_CFRC_EXT) r = hm_put(r, d->cfrc_ext, 6 * m->nbody);
  if (fields & HM_QFRC_CONSTRAINT) r = hm_put(r, d->qfrc_constraint, m->nv);
}

HM_EXPORT long hm_data_bytes(const void* model) {
  const mjModel* m = (const mjModel*)model;
  return (long)sizeof(mjData) + (long)m->nbuffer + (long)m->nstack * (long)sizeof(mjtNum);
}

HM_EXPORT int hm_make_datas(const void* model, void** datas, int n) {
  const mjModel* m = (const mjModel*)model;
  for (int i = 0; i < n; i++) {
    datas[i] = mj_makeData(m);
    if (!datas[i]) { hm_free_datas(datas, i); return -1; }
  }
  return 0;
}

HM_EXPORT void hm_free_datas(void** datas, int n) {
  for (int i = 0; i < n; i++) {
    if (datas[i]) mj_deleteData((mjData*)datas[i]);
    datas[i] = NULL;
  }
}

HM_EXPORT void hm_reset(const void* model, void* data, const double* qpos, const double* qvel, int fields,
                        double* record) {
  const mjModel* m = (const mjModel*)model;
  mjData* d = (mjData*)data;
  mj_resetData(m, d);
  if (qpos) memcpy(d->qpos, qpos, sizeof(double) * (size_t)m->nq);
  if (qvel) memcpy(d->qvel, qvel, sizeof(double) * (size_t)m->nv);
  mj_forward(m, d);
  /* Gymnasium's reset (mj_resetData, set_state, mj_forward) never runs mj_rnePostConstraint: its first
   * observation has no contact forces. */
  mju_zero(d->cfrc_ext, 6 * m->nbody);
  hm_write_record(m, d, fields, record);
}

static void hm_step_one(const mjModel* m, mjData* d, const double* c, int frame_skip) {
  if (c) {
    for (int k = 0; k < m->nu; k++) {
      double v = c[k];
      if (m->actuator_ctrllimited[k]) {
        const double lo = m->actuator_ctrlrange[2 * k], hi = m->actuator_ctrlrange[2 * k + 1];
        v = v < lo ? lo : (v > hi ? hi : v);
      }
      d->ctrl[k] = v;
    }
  }
  for (int s = 0; s < frame_skip; s++) mj_step(m, d);
  mj_rnePostConstraint(m, d);
}

HM_EXPORT void hm_step_range(const void* model, void** datas, int begin, int end, const double* ctrl,
                             const unsigned char* active, int frame_skip, int fields, double* records) {
  const mjModel* m = (const mjModel*)model;
  const int rs = hm_record_size(model, fields);
  for (int i = begin; i < end; i++) {
    if (active && !active[i]) continue;
    mjData* d = (mjData*)datas[i];
    hm_step_one(m, d, ctrl ? ctrl + (size_t)i * m->nu : NULL, frame_skip);
    if (records) hm_write_record(m, d, fields, records + (size_t)i * rs);
  }
}

HM_EXPORT void hm_step_indices(const void* model, void** datas, const int* indices, int n, const double* ctrl,
                               int frame_skip, int fields, double* records) {
  const mjModel* m = (const mjModel*)model;
  const int rs = hm_record_size(model, fields);
  for (int j = 0; j < n; j++) {
    const int i = indices[j];
    mjData* d = (mjData*)datas[i];
    hm_step_one(m, d, ctrl ? ctrl + (size_t)i * m->nu : NULL, frame_skip);
    if (records) hm_write_record(m, d, fields, records + (size_t)i * rs);
  }
}

HM_EXPORT int hm_warnings(const void* data) {
  const mjData* d = (const mjData*)data;
  int n = 0;
  for (int w = 0; w < mjNWARNING; w++) n += d->warning[w].number;
  return n;
}

HM_EXPORT double hm_time(const void* data) { return ((const mjData*)data)->time; }

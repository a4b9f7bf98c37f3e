/* Plain C ABI over MuJoCo 2.2.x for Hades' vectorised environments (P/Invoked from
 * src/Hades.Core/Environments/Mujoco/MujocoNative.cs). One mjModel is shared read-only by many mjData
 * instances; every call that touches instance i touches only datas[i], so disjoint instance ranges may be
 * stepped from different threads at the same time. */
#ifndef HADES_MUJOCO_H
#define HADES_MUJOCO_H

#ifdef __cplusplus
extern "C" {
#endif

/* Fields a per-instance "record" can hold, concatenated in this order (a field is present when its bit is
 * set in `fields`). Sizes: qpos nq, qvel nv, xpos nbody*3, xipos nbody*3, site_xpos nsite*3, cinert
 * nbody*10, cvel nbody*6, qfrc_actuator nv, cfrc_ext nbody*6, qfrc_constraint nv. */
enum {
  HM_QPOS = 1, HM_QVEL = 2, HM_XPOS = 4, HM_XIPOS = 8, HM_SITE_XPOS = 16, HM_CINERT = 32, HM_CVEL = 64,
  HM_QFRC_ACTUATOR = 128, HM_CFRC_EXT = 256, HM_QFRC_CONSTRAINT = 512
};

/* Indices into the array hm_model_info fills. */
enum {
  HM_INFO_NQ = 0, HM_INFO_NV, HM_INFO_NU, HM_INFO_NBODY, HM_INFO_NSITE, HM_INFO_VERSION, HM_INFO_COUNT
};

int hm_version(void);

/* Loads a model from MJCF text (xml != NULL) or from a file (path). Returns NULL and writes a message
 * into err (errlen bytes, always NUL-terminated) on failure. Not thread-safe (MuJoCo's parser has global
 * state): load models from one thread at a time. */
void* hm_load_xml_string(const char* xml, char* err, int errlen);
void* hm_load_xml_file(const char* path, char* err, int errlen);
void hm_free_model(void* model);

/* info[HM_INFO_COUNT] ints. */
void hm_model_info(const void* model, int* info);
double hm_timestep(const void* model);
/* Copies n doubles of qpos0 / body_mass / actuator_ctrlrange (nu*2) / actuator_ctrllimited (nu, as 0/1). */
void hm_qpos0(const void* model, double* out);
void hm_body_mass(const void* model, double* out);
void hm_ctrlrange(const void* model, double* out);
void hm_ctrllimited(const void* model, int* out);
/* Id of a named body or site, -1 when absent (kind 0 body, 1 site). */
int hm_name2id(const void* model, int kind, const char* name);

/* Number of doubles in a record with the given fields. */
int hm_record_size(const void* model, int fields);

/* Approximate bytes of one mjData (struct, buffer and stack), for the caller's memory accounting. */
long hm_data_bytes(const void* model);

/* n mjData instances written to datas[0..n); returns 0, or -1 when allocation failed (then none is left
 * allocated). */
int hm_make_datas(const void* model, void** datas, int n);
void hm_free_datas(void** datas, int n);

/* Resets instance data to qpos/qvel (NULL: the model's qpos0 / zeros), zero controls, then mj_forward, and
 * writes its record. cfrc_ext is zero after a reset, as in Gymnasium (which runs mj_rnePostConstraint only
 * after steps). */
void hm_reset(const void* model, void* data, const double* qpos, const double* qvel, int fields, double* record);

/* Steps instances [begin, end): for each i with active == NULL or active[i] != 0, copies ctrl[i*nu..] into
 * d->ctrl (clamped to ctrlrange where ctrllimited, as MuJoCo does), runs frame_skip mj_step calls, then
 * mj_rnePostConstraint (so cfrc_ext holds contact forces, as Gymnasium's MujocoEnv does), and writes
 * records[i*record_size..]. Arrays are indexed by the absolute instance index i. */
void hm_step_range(const void* model, void** datas, int begin, int end, const double* ctrl,
                   const unsigned char* active, int frame_skip, int fields, double* records);

/* As hm_step_range for the instances indices[0..n) (absolute indices, each at most once): lets the caller
 * balance only the instances still running across threads. */
void hm_step_indices(const void* model, void** datas, const int* indices, int n, const double* ctrl,
                     int frame_skip, int fields, double* records);

/* Total of MuJoCo's warning counters of one instance (bad qacc, too many contacts, ...) since its reset. */
int hm_warnings(const void* data);
/* Simulation time of one instance. */
double hm_time(const void* data);

#ifdef __cplusplus
}
#endif
#endif

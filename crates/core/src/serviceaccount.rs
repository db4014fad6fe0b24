//! The ServiceAccount admission plugin (plugin/pkg/admission/serviceaccount), for pods being
//! created, by hand or by the DaemonSet controller.

use crate::json;
use crate::store::Store;
use serde_json::Value;

/// The ServiceAccount admission plugin on a pod being created: `serviceAccountName` defaults
/// to `default` (the v1 conversion reads the deprecated `serviceAccount` as its alias, and
/// writes it back as a copy), and whether the API token is mounted (`shouldAutomount`: the
/// pod's `automountServiceAccountToken`, else its ServiceAccount's, else true), which the
/// pod's spec then shows (`objects::mount_service_account_token`); a pod without
/// `imagePullSecrets` takes its ServiceAccount's. Unlike the plugin, a
/// ServiceAccount that does not exist is no error: the playground's namespaces have no
/// ServiceAccount controller making `default`.
pub fn admit_pod(store: &Store, namespace: &str, spec: &mut Value) -> bool {
    let Some(m) = spec.as_object_mut() else { return false };
    let named = |k: &str| m.get(k).and_then(Value::as_str).filter(|s| !s.is_empty()).map(str::to_string);
    let sa = named("serviceAccountName").or_else(|| named("serviceAccount")).unwrap_or_else(|| "default".into());
    m.insert("serviceAccountName".into(), json!(sa));
    m.insert("serviceAccount".into(), json!(sa));
    let key = ("ServiceAccount".to_string(), namespace.to_string(), sa);
    let account = store.generic().get(&key).map(|g| &g.body);
    // A pod without image pull secrets takes its account's.
    let own_secrets = m.get("imagePullSecrets").and_then(Value::as_array).is_some_and(|s| !s.is_empty());
    if let Some(secrets) = account.and_then(|a| a.get("imagePullSecrets")).and_then(Value::as_array)
        && !own_secrets
        && !secrets.is_empty()
    {
        let names = secrets.iter().map(|s| json!({"name": s.get("name").and_then(Value::as_str).unwrap_or_default()}));
        m.insert("imagePullSecrets".into(), Value::Array(names.collect()));
    }
    if let Some(own) = m.get("automountServiceAccountToken").and_then(Value::as_bool) {
        return own;
    }
    account.and_then(|a| a.get("automountServiceAccountToken")).and_then(Value::as_bool).unwrap_or(true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::objects::{SERVICE_ACCOUNT_TOKEN_PATH, mount_service_account_token};

    #[test]
    fn the_token_is_mounted_unless_the_pod_or_its_account_opts_out() {
        let store = Store::default();
        let mut spec = json!({"containers": [{"name": "c"}]});
        assert!(admit_pod(&store, "default", &mut spec));
        assert_eq!((&spec["serviceAccountName"], &spec["serviceAccount"]), (&json!("default"), &json!("default")));
        // The deprecated field is read as an alias; the new one wins.
        let mut spec = json!({"serviceAccount": "old"});
        admit_pod(&store, "default", &mut spec);
        assert_eq!(spec["serviceAccountName"], "old");
        let mut spec = json!({"serviceAccount": "old", "serviceAccountName": "new"});
        admit_pod(&store, "default", &mut spec);
        assert_eq!((&spec["serviceAccountName"], &spec["serviceAccount"]), (&json!("new"), &json!("new")));
        assert!(!admit_pod(&store, "default", &mut json!({"automountServiceAccountToken": false})));
    }

    #[test]
    fn the_accounts_settings_apply_to_its_pods() {
        let mut sim = crate::Simulation::new(1);
        let account = "apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: puller}\nautomountServiceAccountToken: false\nimagePullSecrets: [{name: registry}]\n";
        let docs = crate::manifest::parse_stream(account).expect("yaml");
        assert!(sim.apply(docs, "default", false).iter().all(Result::is_ok));
        let store = sim.store();
        let mut spec = json!({"serviceAccountName": "puller"});
        assert!(!admit_pod(store, "default", &mut spec));
        assert_eq!(spec["imagePullSecrets"], json!([{"name": "registry"}]));
        // The pod's own settings win.
        let mut spec = json!({"serviceAccountName": "puller", "automountServiceAccountToken": true, "imagePullSecrets": [{"name": "mine"}]});
        assert!(admit_pod(store, "default", &mut spec));
        assert_eq!(spec["imagePullSecrets"], json!([{"name": "mine"}]));
        // Another namespace's account of that name is not this pod's.
        assert!(admit_pod(store, "other", &mut json!({"serviceAccountName": "puller"})));
    }

    #[test]
    fn containers_without_a_mount_at_the_path_get_the_volume() {
        let mut spec = json!({
            "initContainers": [{"name": "i"}],
            "containers": [
                {"name": "own", "volumeMounts": [{"name": "t", "mountPath": SERVICE_ACCOUNT_TOKEN_PATH}]},
                {"name": "api", "volumeMounts": [{"name": "data", "mountPath": "/data"}]},
            ],
            "volumes": [{"name": "t", "secret": {"secretName": "t"}}],
        });
        mount_service_account_token(&mut spec, "abcde");
        let mount = json!({"mountPath": SERVICE_ACCOUNT_TOKEN_PATH, "name": "kube-api-access-abcde", "readOnly": true});
        assert_eq!(spec["initContainers"][0]["volumeMounts"], json!([mount]));
        assert_eq!(spec["containers"][0]["volumeMounts"].as_array().map(Vec::len), Some(1));
        assert_eq!(spec["containers"][1]["volumeMounts"][1], mount);
        assert_eq!(spec["volumes"][1]["name"], "kube-api-access-abcde");
        assert_eq!(spec["volumes"][1]["projected"]["defaultMode"], 420);
        // Every container mounts something there already: no volume.
        let mut spec =
            json!({"containers": [{"volumeMounts": [{"name": "t", "mountPath": SERVICE_ACCOUNT_TOKEN_PATH}]}]});
        mount_service_account_token(&mut spec, "abcde");
        assert!(spec.get("volumes").is_none());
        // A volume of the prefix already there is the one mounted, and not added again.
        let mut spec =
            json!({"containers": [{"name": "c"}], "volumes": [{"name": "kube-api-access-mine", "emptyDir": {}}]});
        mount_service_account_token(&mut spec, "abcde");
        assert_eq!(spec["containers"][0]["volumeMounts"][0]["name"], "kube-api-access-mine");
        assert_eq!(spec["volumes"].as_array().map(Vec::len), Some(1));
    }
}

#!/usr/bin/env python3
"""Writes a large synthetic Kubernetes manifest tree for scan benchmarks.

Usage: gen_manifests.py OUT_DIR [FILES]   (default 10000 files)

Files spread over team/app folders mix Deployments (some hardened, some
not), Services, RBAC and NetworkPolicies across a few dozen namespaces:
realistic shapes, not copies of any real repository.
"""
import os
import sys

DEPLOYMENT = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: app-{i}
  namespace: ns-{ns}
  labels:
    app: app-{i}
spec:
  replicas: 2
  selector:
    matchLabels:
      app: app-{i}
  template:
    metadata:
      labels:
        app: app-{i}
    spec:
      serviceAccountName: sa-{i}
      containers:
        - name: web
          image: registry.example.com/team/app-{i}:1.{i}
          ports:
            - containerPort: 8080
          securityContext:
            privileged: {privileged}
            allowPrivilegeEscalation: {escalation}
            runAsNonRoot: true
            readOnlyRootFilesystem: true
          resources:
            requests: {{cpu: 100m, memory: 128Mi}}
            limits: {{cpu: 500m, memory: 256Mi}}
          env:
            - name: MODE
              value: production
---
apiVersion: v1
kind: Service
metadata:
  name: app-{i}
  namespace: ns-{ns}
spec:
  type: {service}
  selector:
    app: app-{i}
  ports:
    - port: 80
      targetPort: 8080
"""

RBAC = """apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: reader-{i}
  namespace: ns-{ns}
rules:
  - apiGroups: [""]
    resources: ["pods", "configmaps"]
    verbs: ["get", "list"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: reader-{i}
  namespace: ns-{ns}
subjects:
  - kind: ServiceAccount
    name: sa-{i}
    namespace: ns-{ns}
roleRef:
  kind: Role
  name: reader-{i}
  apiGroup: rbac.authorization.k8s.io
"""

POLICY = """apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: default-deny
  namespace: ns-{ns}
spec:
  podSelector: {{}}
  policyTypes: [Ingress, Egress]
"""


def main():
    out = sys.argv[1]
    total = int(sys.argv[2]) if len(sys.argv) > 2 else 10000
    for i in range(total):
        ns = i % 40
        folder = os.path.join(out, f"team-{i % 25}", f"app-{i // 25}")
        os.makedirs(folder, exist_ok=True)
        if i % 10 == 9:
            text = RBAC.format(i=i, ns=ns)
        elif i % 97 == 0 and ns % 2 == 0:
            text = POLICY.format(ns=ns)
        else:
            text = DEPLOYMENT.format(
                i=i,
                ns=ns,
                privileged="true" if i % 13 == 0 else "false",
                escalation="true" if i % 7 == 0 else "false",
                service="LoadBalancer" if i % 17 == 0 else "ClusterIP",
            )
        with open(os.path.join(folder, f"m{i}.yaml"), "w") as f:
            f.write(text)


if __name__ == "__main__":
    main()

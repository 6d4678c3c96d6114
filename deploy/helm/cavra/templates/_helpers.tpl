{{- define "cavra.labels" -}}
app.kubernetes.io/name: cavra
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
{{- end -}}

{{- define "cavra.deployment" -}}
{{- $role := .role -}}
{{- $values := index .root.Values $role -}}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .root.Release.Name }}-{{ $role }}
  labels:
    {{- include "cavra.labels" .root | nindent 4 }}
    app.kubernetes.io/component: {{ $role }}
spec:
  replicas: {{ $values.replicas }}
  selector:
    matchLabels:
      app.kubernetes.io/instance: {{ .root.Release.Name }}
      app.kubernetes.io/component: {{ $role }}
  template:
    metadata:
      labels:
        {{- include "cavra.labels" .root | nindent 8 }}
        app.kubernetes.io/component: {{ $role }}
      annotations:
        checksum/config: {{ .root.Values.config | sha256sum }}
    spec:
      terminationGracePeriodSeconds: 60
      containers:
        - name: {{ $role }}
          image: "{{ .root.Values.image.repository }}:{{ .root.Values.image.tag }}"
          imagePullPolicy: {{ .root.Values.image.pullPolicy }}
          args: ["up", "--config", "/etc/cavra/cavra.yaml", "--role", "{{ $role }}"]
          envFrom:
            - secretRef: { name: {{ .root.Values.secretEnv }} }
          {{- if eq $role "decision" }}
          ports:
            - { name: http, containerPort: 8080 }
          readinessProbe:
            httpGet: { path: /readyz, port: http }
          livenessProbe:
            httpGet: { path: /healthz, port: http }
          {{- end }}
          resources:
            {{- toYaml $values.resources | nindent 12 }}
          volumeMounts:
            - { name: config, mountPath: /etc/cavra, readOnly: true }
      volumes:
        - name: config
          configMap: { name: {{ .root.Release.Name }}-config }
{{- end -}}

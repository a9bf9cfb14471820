{{- define "lib.fullname" -}}
{{- printf "%s-%s" .context.Release.Name .name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- define "lib.labels" -}}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- range $k, $v := .Values.global.labels }}
{{ $k }}: {{ $v }}
{{- end }}
{{- end -}}

// Command embedgen writes the two JSON files that main.go embeds: the provider's schema
// with its version set, and its Terraform mapping, both compacted.
//
// usage: go run ./embedgen <provider module dir> <version> <output dir>
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
)

func main() {
	if len(os.Args) != 4 {
		fail(fmt.Errorf("usage: embedgen <provider module dir> <version> <output dir>"))
	}
	moduleDir, version, outDir := os.Args[1], os.Args[2], os.Args[3]
	cmdDir := filepath.Join(moduleDir, "cmd", "pulumi-resource-kubernetes")

	schema, err := readJSON(filepath.Join(cmdDir, "schema.json"))
	if err != nil {
		fail(err)
	}
	schema["version"] = version
	if err := writeJSON(filepath.Join(outDir, "schema-embed.json"), schema); err != nil {
		fail(err)
	}

	mapping, err := readJSON(filepath.Join(cmdDir, "terraform-mapping.json"))
	if err != nil {
		fail(err)
	}
	if err := writeJSON(filepath.Join(outDir, "terraform-mapping-embed.json"), mapping); err != nil {
		fail(err)
	}
}

func readJSON(path string) (map[string]any, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var value map[string]any
	if err := json.Unmarshal(raw, &value); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return value, nil
}

func writeJSON(path string, value any) error {
	raw, err := json.Marshal(value)
	if err != nil {
		return err
	}
	return os.WriteFile(path, raw, 0o600)
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "embedgen:", err)
	os.Exit(1)
}

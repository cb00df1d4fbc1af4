# The build `sam build` performs for each function (BuildMethod: makefile): SAM runs `make build-<LogicalId>` with
# ARTIFACTS_DIR set to the directory it zips for Lambda. The same targets run here, in the tests and by hand:
#
#   make build-ReviewFunction ARTIFACTS_DIR=/tmp/review
#   GOVERNANCE_PACKAGING=native-aot GOVERNANCE_ARCH=x86_64 make build-ReviewFunction ARTIFACTS_DIR=/tmp/review-aot
#
# Both functions are the same program (Governance.Functions picks the function from GOVERNANCE_FUNCTION), so both
# targets build the same artifact: the program plus the default policy file, governance.yaml, in the task root.

# dotnet10 (managed runtime, executable mode) | native-aot (provided.al2023, a NativeAOT 'bootstrap')
GOVERNANCE_PACKAGING ?= dotnet10
# arm64 | x86_64, as the template's Architecture parameter; only the native-aot build depends on it.
GOVERNANCE_ARCH ?= arm64
CONFIGURATION ?= Release
POLICY_FILE ?= governance.yaml
FUNCTIONS_PROJECT := functions/Governance.Functions/Governance.Functions.csproj
# Intermediate files of this build live apart from the developer's bin/ and obj/ (and apart per packaging), so a
# sam build never races or mixes with an IDE build. .aws-sam/ is ignored by git.
INTERMEDIATE_DIR ?= $(CURDIR)/.aws-sam/dotnet-$(GOVERNANCE_PACKAGING)-$(GOVERNANCE_ARCH)

DOTNET_FLAGS := --nologo -v quiet -c $(CONFIGURATION) --artifacts-path "$(INTERMEDIATE_DIR)" -o "$(ARTIFACTS_DIR)"

ifeq ($(GOVERNANCE_ARCH),arm64)
  RID := linux-arm64
else ifeq ($(GOVERNANCE_ARCH),x86_64)
  RID := linux-x64
else
  $(error GOVERNANCE_ARCH must be arm64 or x86_64, not '$(GOVERNANCE_ARCH)')
endif

ifeq ($(GOVERNANCE_PACKAGING),dotnet10)
  # Framework-dependent and portable (no apphost): the dotnet10 runtime runs `dotnet exec Governance.Functions.dll`.
  PUBLISH_FLAGS := -p:UseAppHost=false
else ifeq ($(GOVERNANCE_PACKAGING),native-aot)
  # One native executable named bootstrap, as provided.al2023 expects. The RID-specific restore adds the
  # ILCompiler packs to the lock files, which list the portable build only: so this build works on a copy of the
  # sources (as sam build does anyway) and lets that copy's lock files take the RID-specific entries.
  # (AssemblyName=bootstrap on the command line would rename every project in the graph, so the executable is
  # renamed after the publish instead: a native executable does not depend on its file name.)
  PUBLISH_FLAGS := -r $(RID) --self-contained -p:PublishAot=true -p:StripSymbols=true -p:RestoreLockedMode=false
  # Outside the artifacts path: the SDK leaves everything under that path out of a project's items.
  SOURCE_COPY := $(INTERMEDIATE_DIR)-src
  FUNCTIONS_PROJECT := $(SOURCE_COPY)/$(FUNCTIONS_PROJECT)
else
  $(error GOVERNANCE_PACKAGING must be dotnet10 or native-aot, not '$(GOVERNANCE_PACKAGING)')
endif

.PHONY: build-ReviewFunction build-NotifyFunction function-artifact

build-ReviewFunction: function-artifact
build-NotifyFunction: function-artifact

function-artifact:
	@test -n "$(ARTIFACTS_DIR)" || { echo "ARTIFACTS_DIR is not set: sam build sets it; by hand, pass ARTIFACTS_DIR=<dir>" >&2; exit 2; }
	@test -f "$(POLICY_FILE)" || { echo "POLICY_FILE '$(POLICY_FILE)' not found: the default policy governance.yaml belongs in the repository root (or pass POLICY_FILE=<file>)" >&2; exit 2; }
	mkdir -p "$(ARTIFACTS_DIR)"
ifdef SOURCE_COPY
	rm -rf "$(SOURCE_COPY)" && mkdir -p "$(SOURCE_COPY)"
	tar --exclude=bin --exclude=obj -cf - Directory.Build.props Directory.Packages.props global.json functions \
	  | tar -xf - -C "$(SOURCE_COPY)"
endif
	dotnet publish $(FUNCTIONS_PROJECT) $(DOTNET_FLAGS) $(PUBLISH_FLAGS)
ifdef SOURCE_COPY
	mv -f "$(ARTIFACTS_DIR)/Governance.Functions" "$(ARTIFACTS_DIR)/bootstrap"
	rm -f "$(ARTIFACTS_DIR)"/*.dbg "$(ARTIFACTS_DIR)"/*.pdb
endif
	cp "$(POLICY_FILE)" "$(ARTIFACTS_DIR)/governance.yaml"

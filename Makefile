# The build `sam build` performs for each function (BuildMethod: makefile): SAM runs `make build-<LogicalId>` with
# ARTIFACTS_DIR set to the directory it zips for Lambda. The same targets run here, in the tests and by hand:
#
#   make build-ReviewFunction ARTIFACTS_DIR=/tmp/review-aot          (the default: native-aot, x86_64)
#   GOVERNANCE_PACKAGING=dotnet10 make build-ReviewFunction ARTIFACTS_DIR=/tmp/review
#
# Both functions are the same program (Governance.Functions picks the function from GOVERNANCE_FUNCTION), so both
# targets build the same artifact: the program plus the default policy file, governance.yaml, in the task root.
#
# The developer's and CI's entry points: `make demo` (governance demo on the local stack) and `make test` (dotnet test
# Governance.sln; extra arguments in TEST_ARGS) both run `make prerequisites` first, which installs with apt-get what
# the Maven walkthrough needs (Maven, a JDK, and Debian's Maven plugins and libraries under /usr/share/maven-repo,
# the stand-in for Maven Central), and does nothing when they are already there.

# native-aot (provided.al2023, a NativeAOT 'bootstrap'; the template's default) | dotnet10 (managed runtime, executable mode)
GOVERNANCE_PACKAGING ?= native-aot
# x86_64 | arm64, as the template's Architecture parameter; only the native-aot build depends on it (built for the
# machine it runs on: arm64 needs an arm64 build machine).
GOVERNANCE_ARCH ?= x86_64
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

.PHONY: build-ReviewFunction build-NotifyFunction build-ReevaluateFunction function-artifact

build-ReviewFunction: function-artifact
build-NotifyFunction: function-artifact
build-ReevaluateFunction: function-artifact

function-artifact:
	@test -n "$(ARTIFACTS_DIR)" || { echo "ARTIFACTS_DIR is not set: sam build sets it; by hand, pass ARTIFACTS_DIR=<dir>" >&2; exit 2; }
	@test -f "$(POLICY_FILE)" || { echo "POLICY_FILE '$(POLICY_FILE)' not found: the default policy governance.yaml belongs in the repository root (or pass POLICY_FILE=<file>)" >&2; exit 2; }
	mkdir -p "$(ARTIFACTS_DIR)"
ifdef SOURCE_COPY
	rm -rf "$(SOURCE_COPY)" && mkdir -p "$(SOURCE_COPY)"
	tar --exclude=bin --exclude=obj -cf - Directory.Build.props Directory.Packages.props global.json governance.yaml functions \
	  | tar -xf - -C "$(SOURCE_COPY)"
endif
	dotnet publish $(FUNCTIONS_PROJECT) $(DOTNET_FLAGS) $(PUBLISH_FLAGS)
ifdef SOURCE_COPY
	mv -f "$(ARTIFACTS_DIR)/Governance.Functions" "$(ARTIFACTS_DIR)/bootstrap"
	rm -f "$(ARTIFACTS_DIR)"/*.dbg "$(ARTIFACTS_DIR)"/*.pdb
endif
	cp "$(POLICY_FILE)" "$(ARTIFACTS_DIR)/governance.yaml"

# ---- prerequisites, tests and demo -----------------------------------------------------------------------------

# What the Maven walkthrough builds with, from Debian: Maven, the plugins its project pins (resources 3.3.0,
# compiler 3.10.1, jar 3.3.0, install 3.1.0, deploy 3.0.0, surefire 2.22.3) and its two libraries, all installed
# under /usr/share/maven-repo. Maven itself depends on a JRE only, so a JDK (javac) comes too. commons-lang 2.6 and
# oro are real jars the license-discovery tests read (java.util.zip data descriptors; a license in a comment block).
PREREQUISITE_PACKAGES := maven libmaven-compiler-plugin-java libmaven-resources-plugin-java libmaven-jar-plugin-java \
  libmaven-install-plugin-java libmaven-deploy-plugin-java libsurefire-java libcommons-lang3-java junit4 \
  libcommons-lang-java liboro-java default-jdk-headless
MAVEN_REPO := /usr/share/maven-repo
# One file per package above, checked instead of asking apt (dpkg/apt take seconds; these tests take milliseconds).
PREREQUISITE_MARKERS := \
  org/apache/maven/plugins/maven-resources-plugin/3.3.0/maven-resources-plugin-3.3.0.pom \
  org/apache/maven/plugins/maven-compiler-plugin/3.10.1/maven-compiler-plugin-3.10.1.pom \
  org/apache/maven/plugins/maven-jar-plugin/3.3.0/maven-jar-plugin-3.3.0.pom \
  org/apache/maven/plugins/maven-install-plugin/3.1.0/maven-install-plugin-3.1.0.pom \
  org/apache/maven/plugins/maven-deploy-plugin/3.0.0/maven-deploy-plugin-3.0.0.pom \
  org/apache/maven/plugins/maven-surefire-plugin/2.22.3/maven-surefire-plugin-2.22.3.pom \
  org/apache/commons/commons-lang3/3.12.0/commons-lang3-3.12.0.pom \
  junit/junit/4.13.2/junit-4.13.2.pom \
  commons-lang/commons-lang/2.6/commons-lang-2.6.pom \
  oro/oro/2.0.8/oro-2.0.8.pom
PREREQUISITES_PRESENT := { command -v mvn >/dev/null 2>&1 && command -v javac >/dev/null 2>&1 \
  $(foreach marker,$(PREREQUISITE_MARKERS),&& test -f "$(MAVEN_REPO)/$(marker)"); }

TEST_ARGS ?=
DEMO_ARGS ?=

.PHONY: prerequisites test demo

prerequisites:
	@if $(PREREQUISITES_PRESENT); then exit 0; fi; \
	if ! command -v apt-get >/dev/null 2>&1; then \
	  echo "make prerequisites: apt-get not found; install by other means: $(PREREQUISITE_PACKAGES) (Maven, a JDK, and these Maven plugins and libraries in $(MAVEN_REPO))" >&2; exit 1; \
	fi; \
	if [ "$$(id -u)" -eq 0 ]; then sudo=; \
	elif command -v sudo >/dev/null 2>&1; then sudo=sudo; \
	else echo "make prerequisites: not root and sudo not found; as root run: apt-get update && apt-get install -y $(PREREQUISITE_PACKAGES)" >&2; exit 1; fi; \
	echo "make prerequisites: installing $(PREREQUISITE_PACKAGES)"; \
	$$sudo env DEBIAN_FRONTEND=noninteractive apt-get update && \
	$$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y $(PREREQUISITE_PACKAGES) || exit 1; \
	if ! $(PREREQUISITES_PRESENT); then \
	  echo "make prerequisites: installed, but mvn, javac or a file under $(MAVEN_REPO) is still missing (a different Debian release ships other versions?)" >&2; exit 1; \
	fi

test: prerequisites
	dotnet test Governance.sln $(TEST_ARGS)

demo: prerequisites
	dotnet run --project tools/Governance.Cli -- demo $(DEMO_ARGS)

# The end-to-end scenarios against the NativeAOT build alone (the function program published once with
# -p:PublishAot=true, refused on any IL2xxx/IL3xxx warning). `make test` runs them too; CI can split them onto a
# runner of their own: `make test TEST_ARGS='--filter FullyQualifiedName!~Governance.Functions.Tests.NativeAot'`
# on one, `make test-native-aot` on the other.
.PHONY: test-native-aot

test-native-aot: prerequisites
	dotnet test tests/Governance.Functions.Tests --filter "FullyQualifiedName~Governance.Functions.Tests.NativeAot" $(TEST_ARGS)

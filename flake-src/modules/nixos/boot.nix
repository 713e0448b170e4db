{ config, lib, ... }:

with lib;

let
  cfg = config.systems.boot;
in
{
  options.systems.boot = {
    loader = mkOption {
      type = types.enum [ "systemd-boot" "grub-efi" "grub-bios" ];
      default = "systemd-boot";
      description = ''
        Which boot loader to install.

        - `systemd-boot`: UEFI machines (marshmallow, total-eclipse, rich-evans).
        - `grub-efi`: UEFI machines that need GRUB features such as an encrypted `/boot`.
        - `grub-bios`: legacy BIOS machines. GRUB goes into the MBR of
          {option}`systems.boot.grubDevice` (bartleby).
      '';
    };

    grubDevice = mkOption {
      type = types.str;
      default = "nodev";
      example = "/dev/disk/by-id/ata-SAMSUNG_SSD_850_EVO_120GB_S21TNXAG123456";
      description = ''
        Disk whose MBR receives GRUB when {option}`systems.boot.loader` is `grub-bios`.
        Prefer a `/dev/disk/by-id/` path: `/dev/sda` can name a USB stick if one
        is plugged in at install time, which is how bartleby lost its boot sector once.
      '';
    };

    configurationLimit = mkOption {
      type = types.ints.between 2 50;
      default = 10;
      description = ''
        Generations listed in the boot menu. Keeps `/boot` from filling up;
        older generations stay in the store until garbage collection.
      '';
    };

    lowMemory = {
      enable = mkEnableOption "zram swap, a smaller journal and fewer parallel builds for machines with 4 GB of RAM or less";

      zramPercent = mkOption {
        type = types.ints.between 10 150;
        default = 50;
        description = "Size of the zram device as a percentage of RAM.";
      };
    };
  };

  config = mkMerge [
    (mkIf (cfg.loader == "systemd-boot") {
      boot.loader.systemd-boot = {
        enable = true;
        inherit (cfg) configurationLimit;
        editor = false;
      };
      boot.loader.efi.canTouchEfiVariables = mkDefault true;
    })

    (mkIf (cfg.loader == "grub-efi") {
      boot.loader.grub = {
        enable = true;
        efiSupport = true;
        device = "nodev";
        inherit (cfg) configurationLimit;
      };
      boot.loader.efi.canTouchEfiVariables = mkDefault true;
    })

    (mkIf (cfg.loader == "grub-bios") {
      assertions = [
        {
          assertion = cfg.grubDevice != "nodev";
          message = "systems.boot.grubDevice must name a disk when systems.boot.loader is \"grub-bios\".";
        }
      ];
      boot.loader.grub = {
        enable = true;
        efiSupport = false;
        device = cfg.grubDevice;
        inherit (cfg) configurationLimit;
      };
    })

    (mkIf cfg.lowMemory.enable {
      zramSwap = {
        enable = true;
        algorithm = "zstd";
        memoryPercent = cfg.lowMemory.zramPercent;
      };
      boot.kernel.sysctl."vm.swappiness" = 180;
      services.journald.extraConfig = "SystemMaxUse=100M";
      nix.settings = {
        max-jobs = mkDefault 1;
        cores = mkDefault 2;
      };
    })
  ];
}

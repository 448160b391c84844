import { join } from 'node:path';
import * as ecrAssets from 'aws-cdk-lib/aws-ecr-assets';
import { Construct } from 'constructs';

/** The repository root: the Docker build context the Dockerfile's targets expect. */
export const REPOSITORY_ROOT = join(__dirname, '../../..');

export type AppTarget = 'messages-api' | 'users' | 'stream-worker' | 'tools';

/**
 * The apps' container images, built from the repository's Dockerfile targets by `cdk deploy` (not by
 * synth, which only stages the build context) and pushed to the CDK bootstrap's ECR repository.
 */
export class AppImages extends Construct {
  private readonly images = new Map<AppTarget, ecrAssets.DockerImageAsset>();

  image(target: AppTarget): ecrAssets.DockerImageAsset {
    let image = this.images.get(target);
    if (!image) {
      image = new ecrAssets.DockerImageAsset(this, target, {
        directory: REPOSITORY_ROOT,
        file: 'Dockerfile',
        target,
        platform: ecrAssets.Platform.LINUX_AMD64,
        // On top of .dockerignore: this package, its install and its output are no part of any image.
        exclude: ['infra', '**/node_modules', '.git', 'bench/results', 'cdk.out'],
      });
      this.images.set(target, image);
    }
    return image;
  }
}
